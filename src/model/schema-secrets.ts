/** Secrets a stack declares: generated keys with their shapes, or a Secret that already exists (see model/secret-shape.ts). */
import { Type } from '@sinclair/typebox';
import { doc } from './schema-doc.js';

const KeyName = Type.String({ pattern: '^[-._a-zA-Z0-9]+$' });

/** Shortest and longest `length`: below 16 a generated value is guessable; above 4096 it is no longer a key. */
export const MIN_KEY_LENGTH = 16;
export const MAX_KEY_LENGTH = 4096;

export const KeyShapeSchema = doc(
  Type.Object(
    {
      length: Type.Optional(
        doc(
          Type.Integer({ minimum: MIN_KEY_LENGTH, maximum: MAX_KEY_LENGTH }),
          'alnum: characters; hex, base64, base64url: random bytes before encoding (hex writes 2 characters per byte). @default 32',
        ),
      ),
      encoding: Type.Optional(
        doc(Type.Union([Type.Literal('alnum'), Type.Literal('hex'), Type.Literal('base64'), Type.Literal('base64url')]), 'How the value is written. @default alnum (hex for from:)'),
      ),
      keyPair: Type.Optional(
        doc(Type.Literal('ed25519'), 'A key pair: this key holds the private key (PKCS#8 PEM), <key>.pub the public key (SPKI PEM)'),
      ),
      from: Type.Optional(doc(KeyName, 'Derive this key from another key of the same Secret: the digest of its value')),
      digest: Type.Optional(doc(Type.Union([Type.Literal('sha256'), Type.Literal('sha512')]), 'Digest used with from:. @default sha256')),
    },
    { additionalProperties: false },
  ),
  'The shape of one generated key: random (length, encoding), a key pair, or derived from another key. {} = 32 alphanumeric characters.',
);

const GenerateSchema = doc(
  Type.Union([Type.Array(KeyName, { minItems: 1 }), Type.Record(KeyName, Type.Union([KeyShapeSchema, Type.Null()]), { minProperties: 1 })]),
  'Keys slipway generates, stable across renders and applies, never rotated: a list (32 random alphanumeric characters each) or {key: shape}',
);

const secretFields = {
  generate: Type.Optional(GenerateSchema),
  existing: Type.Optional(doc(Type.Boolean(), 'The Secret already exists in the namespace (made by you or an operator); any key may be referenced, and `up` checks the referenced keys are there')),
};

export const SecretSchema = doc(
  Type.Object(secretFields, { additionalProperties: false }),
  'A Secret that services reference as ${secrets.<name>.<key>} (reaches containers only through secretKeyRef).',
);

export const SecretPatchSchema = doc(
  Type.Object(secretFields, { additionalProperties: false }),
  'A Secret in this environment: a new one, or changes to the base one (generate maps merge key by key, a list replaces; existing: true here means the Secret is made outside slipway in this environment).',
);
