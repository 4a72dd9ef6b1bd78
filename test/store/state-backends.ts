import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { createDirStateStore } from '../../src/store/dir-state-store.js';
import { createS3StateStore } from '../../src/store/s3-state-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { startS3Server, type S3ServerOptions, type S3TestServer } from '../support/wire/s3-server.js';

/**
 * The state-store implementations the shared test table runs against, each with a raw view
 * of what is stored (to damage a file, or to check that nothing changed) that bypasses the
 * store under test.
 */
export interface OpenedBackend {
  readonly store: StateStore;
  /** Every stored key with its bytes, as the medium holds them. */
  raw(): Map<string, Buffer>;
  /** Puts bytes under a key directly (a damaged or foreign file). */
  put(key: string, bytes: Buffer): void;
  /** Where `describe` should say the key is. */
  readonly expectedLocation: (key: string) => string;
  close(): Promise<void>;
}

export interface Backend {
  readonly name: string;
  open(options?: S3ServerOptions): Promise<OpenedBackend>;
}

const BUCKET = 'state-bucket';
const PREFIX = 'team/drift';

function dirBackend(name: string, viaSymlink: boolean): Backend {
  return {
    name,
    async open() {
      const base = mkdtempSync(join(tmpdir(), 'iamtrim-state-'));
      const real = join(base, 'real-state');
      mkdirSync(real);
      // The store is given the link; the files land in the directory it points at.
      const root = viaSymlink ? join(base, 'link-state') : real;
      if (viaSymlink) symlinkSync(real, root, 'dir');
      return {
        store: createDirStateStore(root),
        raw: () => readTree(real),
        put(key, bytes) {
          const file = join(real, ...key.split('/'));
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, bytes);
        },
        expectedLocation: (key) => join(root, ...key.split('/')),
        close: async () => rmSync(base, { recursive: true, force: true }),
      };
    },
  };
}

function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(relative(dir, path).split('\\').join('/'), readFileSync(path));
  }
  return out;
}

/** An S3Client for the local wire server (path-style, fixed credentials, few retries). */
export function s3ClientFor(server: S3TestServer): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 2,
  });
}

const s3Backend: Backend = {
  name: 's3',
  async open(options = {}) {
    const server = await startS3Server(options);
    // Creates the (empty) bucket: the server answers NoSuchBucket for one it never saw.
    server.put(BUCKET, `${PREFIX}/.keep`, Buffer.alloc(0));
    server.delete(BUCKET, `${PREFIX}/.keep`);
    const s3 = s3ClientFor(server);
    const store = createS3StateStore(s3, { bucket: BUCKET, prefix: PREFIX });
    return {
      store,
      raw: () =>
        new Map([...server.objects(BUCKET)].map(([k, v]) => [k.slice(PREFIX.length + 1), v] as const)),
      put: (key, bytes) => server.put(BUCKET, `${PREFIX}/${key}`, bytes),
      expectedLocation: (key) => `s3://${BUCKET}/${PREFIX}/${key}`,
      async close() {
        s3.destroy();
        await server.close();
      },
    };
  },
};

/** Every backend the contract runs against: a directory, the same through a symlink, and S3. */
export const backends: readonly Backend[] = [
  dirBackend('dir', false),
  dirBackend('dir via symlink', true),
  s3Backend,
];
