/** Short names for the generated OpenAPI types (lib/ksef/generated/openapi.d.ts is generated, never edited). */
import type { components } from './generated/openapi';

export type Schemas = components['schemas'];
export type Schema<K extends keyof Schemas> = Schemas[K];
