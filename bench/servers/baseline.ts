import Fastify from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { PayBody } from '../../src/api/unipay/schemas.ts';

/**
 * The ceiling of HTTP + JSON on this machine: Fastify parsing and validating the same pay body
 * (the same TypeBox schema UniPay uses) and answering a fixed JSON, no logging, no database.
 */
const app = Fastify({ logger: false });
app.setValidatorCompiler(({ schema }) => {
  const check = Compile(schema as TSchema);
  return (value: unknown) => (check.Check(value) ? { value } : { error: new Error('invalid') });
});
const answer = '{"code":0,"msg":"success","data":{"status":"wait"}}';
app.post('/unipay/pay', { schema: { body: PayBody } }, async (_req, reply) => {
  reply.header('content-type', 'application/json; charset=utf-8');
  return answer;
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`Server listening at ${address}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
