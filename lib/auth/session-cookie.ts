// The cookie's name on its own, so the proxy can check for it without pulling
// in the database code.
export const sessionCookieName = 'kairos_session';
