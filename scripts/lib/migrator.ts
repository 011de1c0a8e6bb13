import fs from 'node:fs';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';

/**
 * Prisma's native schema engine cannot be downloaded on an offline machine, so migrations run through
 * its WebAssembly build (@prisma/schema-engine-wasm) over the pg driver adapter. Applying fills
 * `_prisma_migrations` exactly like `prisma migrate deploy`.
 */
const root = path.resolve(import.meta.dirname, '../..');
export const migrationsDir = path.join(root, 'prisma/migrations');
export const schemaPath = path.join(root, 'prisma/schema.prisma');

let wasmReady: Promise<void> | undefined;
function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const wasmPath = path.join(root, 'node_modules/@prisma/schema-engine-wasm/schema_engine_bg.wasm');
    const bindings = engineBindings as unknown as Record<string, unknown> & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), {
      './schema_engine_bg.js': bindings as WebAssembly.ModuleImports,
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmReady;
}

async function withEngine<T>(url: string, fn: (engine: engineBindings.SchemaEngine) => Promise<T>): Promise<T> {
  await loadWasm();
  const schema = fs.readFileSync(schemaPath, 'utf8');
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: url }));
  const engine = await engineBindings.SchemaEngine.new(
    { datamodels: [[schemaPath, schema]] },
    (log: string) => {
      if (process.env.DEBUG_MIGRATIONS) console.error(log);
    },
    adapter,
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

function migrationsList(): engineBindings.MigrationList {
  const dirs = fs.existsSync(migrationsDir)
    ? fs
        .readdirSync(migrationsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((dir) => ({
      path: dir,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: fs.readFileSync(path.join(migrationsDir, dir, 'migration.sql'), 'utf8') },
      },
    })),
  } as engineBindings.MigrationList;
}

const noFilters: engineBindings.SchemaFilter = { externalTables: [], externalEnums: [] };

export async function applyMigrations(url: string): Promise<string[]> {
  return withEngine(url, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: migrationsList(), filters: noFilters });
    return out.appliedMigrationNames;
  });
}

/**
 * SQL from the schema as of the last committed migration (its `schema.prisma` snapshot) to the current
 * schema.prisma. Datamodel-to-datamodel, because the WASM engine cannot introspect a live PostgreSQL
 * through the pg adapter (it fails on the catalog's "char" columns).
 */
export async function diffSchemaAgainstMigrations(scratchUrl: string): Promise<{ sql: string; snapshot: string }> {
  const current = fs.readFileSync(schemaPath, 'utf8');
  const last = migrationsList().migrationDirectories.at(-1);
  const previous = last ? path.join(migrationsDir, last.path, 'schema.prisma') : undefined;
  if (previous && !fs.existsSync(previous)) throw new Error(`Missing schema snapshot ${previous}`);
  // The engine needs a connected adapter even though datamodel targets touch no database.
  return withEngine(scratchUrl, async (engine) => {
    const result = await engine.diff({
      from: previous ? { tag: 'schemaDatamodel', files: [{ path: previous, content: fs.readFileSync(previous, 'utf8') }] } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: current }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return { sql: result.stdout ?? '', snapshot: current };
  });
}
