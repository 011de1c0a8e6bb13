/**
 * `npm run secrets:rotate`: re-wraps every stored tenant key's DEK under the first (current) key of
 * SECRETS_MASTER_KEYS. Rotation: prepend the new key, run this, then drop the old key.
 */
import { rewrapStoredKeys } from '@/lib/server/own-certificate/rewrap-stored-keys';

const command = process.argv[2];
if (command !== 'rotate') {
  console.error('Usage: npm run secrets:rotate   (re-wrap stored keys under the first key of SECRETS_MASTER_KEYS)');
  process.exit(2);
}
rewrapStoredKeys().then(
  (r) => {
    console.log(`re-wrapped ${r.rewrapped} stored key(s) under master key "${r.currentKeyId}"; ${r.alreadyCurrent} already used it`);
    process.exit(0);
  },
  (e: unknown) => {
    // Messages of the secrets module name the variable, never a value.
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
