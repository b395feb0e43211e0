import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { lakeManifestSchema } from '../contracts/lake';

/**
 * The highest event id the lake holds (`<dataDir>/lake/manifest.json`), or
 * undefined when there is no lake yet or its manifest does not parse: then
 * nothing may be deleted, since nothing is known to be kept elsewhere.
 */
export async function lakeWatermark(dataDir: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, 'lake', 'manifest.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = lakeManifestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.watermark : undefined;
  } catch {
    return undefined;
  }
}
