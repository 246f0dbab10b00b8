import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { ErrorCode, PayError } from '../../core/errors.ts';
import { scanBody } from './bodyScan.ts';
import { errorEnvelope, sendEnvelope, type UnipayEnv } from './pipeline.ts';

/** Deeper bodies are refused: nothing in the dialect nests this far, and signing recurses. */
const MAX_DEPTH = 32;
import { registerUnipayRoutes } from './routes.ts';

/**
 * The unipay dialect as an encapsulated Fastify plugin: its own JSON parser (keeping the raw
 * text), TypeBox-compiled validation whose issues are reported after authentication, and an
 * error handler that answers every failure in the dialect's envelope.
 */
export async function unipayPlugin(f: FastifyInstance, env: UnipayEnv): Promise<void> {
  f.addContentTypeParser('application/json', { parseAs: 'string' }, (req, text, done) => {
    const raw = text as string;
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return done(new PayError(ErrorCode.PARAM_PROCESS, 'is not valid JSON', 'body'), undefined);
    }
    const scan = scanBody(raw);
    if (scan.duplicate !== undefined) return done(new PayError(ErrorCode.PARAM_PROCESS, `repeats the field ${scan.duplicate}`, 'body'), undefined);
    if (scan.depth > MAX_DEPTH) return done(new PayError(ErrorCode.PARAM_PROCESS, `nests deeper than ${MAX_DEPTH} levels`, 'body'), undefined);
    req.numberTexts = scan.numbers;
    done(null, body);
  });

  f.setValidatorCompiler(({ schema }) => {
    const check = Compile(schema as TSchema);
    return (value: unknown) => (check.Check(value) ? { value } : { error: [...check.Errors(value)] as never });
  });

  f.setErrorHandler((err, req, reply) => errorEnvelope(env, err, req, reply));
  f.setNotFoundHandler((req, reply) => sendEnvelope(env, req, reply, ErrorCode.NOT_FOUND, `no such endpoint: ${req.method} ${req.url.split('?')[0]}`, null));

  registerUnipayRoutes(f, env);
}
