// A person as GET /api/admin/people/:userId answers (docs/people.md#the-person-view):
// the devices linked to the userId, their identify traits and the events of
// every device and of the backend, newest first.

export interface PersonEventView {
  messageId: string;
  type: string;
  event: string | null;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
  userId: string | null;
  /** The device the event came from (`user:<id>` for a backend's userId-only call). */
  anonymousId: string;
  timestamp: string;
}

export interface PersonView {
  userId: string;
  anonymousIds: string[];
  traits: Record<string, unknown>;
  events: PersonEventView[];
}

export const personPath = (userId: string) => `/api/admin/people/${encodeURIComponent(userId)}` as const;
