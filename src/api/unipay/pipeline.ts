import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ChannelError } from '../../channels/channel.ts';
import { ErrorCode, PayError } from '../../core/errors.ts';
import type { CoreContext } from '../../core/services/context.ts';
import type { ZonedTime } from '../../core/time.ts';
import type { App } from '../../core/types.ts';
import { hexEquals } from '../../signing/digest.ts';
import { signFields } from '../../signing/canonical.ts';
import { envelope } from './envelope.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The app a unipay request authenticated as; responses to it are signed. */
    unipayApp?: App;
    /** Source text of the body's top-level numbers, which JSON.parse would round. */
    numberTexts?: Map<string, string>;
    /** The envelope code answered, for the request log line and metrics. */
    unipayCode?: number;
  }
}

export interface UnipayEnv {
  ctx: CoreContext;
  tz: ZonedTime;
  publicUrl: string | null;
}

export interface Call<B> {
  app: App;
  body: B;
  /** Source text of top-level numbers, by field. */
  numberTexts: Map<string, string>;
  /** Where payers' browsers reach this gateway. */
  baseUrl: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Who is calling and whether they may: app (explicit or default), merchant match, reqTime
 * window, signature. Runs before schema errors are reported, so those can be signed.
 */
async function authenticate(env: UnipayEnv, req: FastifyRequest): Promise<App> {
  const body = req.body;
  if (!isObject(body)) throw new PayError(ErrorCode.PARAM_PROCESS, 'must be a JSON object', 'body');
  const appId = body.appId;
  if (appId !== undefined && appId !== null && typeof appId !== 'string') throw new PayError(ErrorCode.PARAM_INVALID, 'must be a string', 'appId');
  const app = appId ? await env.ctx.apps.get(appId) : await env.ctx.apps.getDefault();
  if (!app) {
    throw appId
      ? new PayError(ErrorCode.AUTH_FAILED, `unknown app ${appId}`, 'appId')
      : new PayError(ErrorCode.PARAM_INVALID, 'is required: this gateway has no default app', 'appId');
  }
  req.unipayApp = app;
  if (body.mchNo != null && body.mchNo !== app.mchNo) throw new PayError(ErrorCode.PARAM_INVALID, 'does not match the app', 'mchNo');

  if (typeof body.reqTime !== 'string') throw new PayError(ErrorCode.PARAM_INVALID, 'is required (yyyy-MM-dd HH:mm:ss)', 'reqTime');
  const reqTime = env.tz.parse(body.reqTime);
  if (reqTime === undefined) throw new PayError(ErrorCode.PARAM_INVALID, 'must be yyyy-MM-dd HH:mm:ss', 'reqTime');
  if (Math.abs(env.ctx.clock.now() - reqTime) > app.reqTimeoutSec * 1000) {
    throw new PayError(ErrorCode.PARAM_INVALID, `is more than ${app.reqTimeoutSec} s from the server time (${env.tz.format(env.ctx.clock.now())}, ${env.tz.timeZone})`, 'reqTime');
  }

  if (app.reqSign) {
    if (typeof body.sign !== 'string' || body.sign === '') throw new PayError(ErrorCode.SIGN_INVALID, 'is required', 'sign');
    if (!hexEquals(signFields(body, app.signType, app.signSecret), body.sign)) {
      throw new PayError(ErrorCode.SIGN_INVALID, `does not verify (${app.signType})`, 'sign');
    }
  }
  return app;
}

interface SchemaIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** The first schema issue as `field: message`, naming the field the way the client wrote it. */
export function describeIssues(issues: SchemaIssue[]): PayError {
  const required = issues.find((e) => e.keyword === 'required');
  if (required) {
    const missing = (required.params?.requiredProperties as string[] | undefined)?.[0] ?? 'field';
    const parent = required.instancePath.slice(1).replace(/\//g, '.');
    return new PayError(ErrorCode.PARAM_INVALID, 'is required', parent ? `${parent}.${missing}` : missing);
  }
  const first = issues[0]!;
  const field = first.instancePath.slice(1).replace(/\//g, '.') || 'body';
  const atField = issues.filter((e) => e.instancePath === first.instancePath);
  if (atField.some((e) => e.keyword === 'anyOf')) {
    const types = atField.flatMap((e) => (e.keyword === 'type' ? [String(e.params?.type)] : e.keyword === 'const' ? [JSON.stringify(e.params?.allowedValue)] : []));
    return new PayError(ErrorCode.PARAM_INVALID, `must be ${types.length ? [...new Set(types)].join(' or ') : 'of another type'}`, field);
  }
  return new PayError(ErrorCode.PARAM_INVALID, first.message ?? 'is invalid', field);
}

/** Runs a unipay call: authenticate, report schema issues, run the handler, send the signed envelope. */
export async function runCall<B>(env: UnipayEnv, req: FastifyRequest, reply: FastifyReply, handler: (call: Call<B>) => Promise<unknown>): Promise<void> {
  const app = await authenticate(env, req);
  if (req.validationError) throw describeIssues((req.validationError as unknown as { validation: SchemaIssue[] }).validation);
  const baseUrl = env.publicUrl ?? `${req.protocol}://${req.host}`;
  const data = await handler({ app, body: req.body as B, numberTexts: req.numberTexts ?? new Map(), baseUrl });
  sendEnvelope(env, req, reply, 0, 'success', data);
}

export function sendEnvelope(env: UnipayEnv, req: FastifyRequest, reply: FastifyReply, code: number, msg: string, data: unknown): void {
  req.unipayCode = code;
  reply.code(code === ErrorCode.SYSTEM ? 500 : 200).header('content-type', 'application/json; charset=utf-8');
  reply.send(envelope(req.unipayApp ?? null, code, msg, data, env.tz.format(env.ctx.clock.now()), req.id));
}

const FASTIFY_CLIENT_ERRORS: Record<string, (e: FastifyError) => string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => 'body: larger than the 1 MiB limit',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => 'Content-Type: must be application/json',
  FST_ERR_CTP_EMPTY_JSON_BODY: () => 'body: is empty; send a JSON object',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => 'Content-Length: does not match the body',
};

/** Any error raised while serving a unipay call, as the dialect's envelope. Never a 500 for client input. */
export function errorEnvelope(env: UnipayEnv, err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof PayError) return sendEnvelope(env, req, reply, err.code, err.message, null);
  if (err instanceof ChannelError) return sendEnvelope(env, req, reply, ErrorCode.OPERATION_FAILED, `channel: ${err.message}`, null);
  const fe = err as FastifyError;
  const known = fe.code && FASTIFY_CLIENT_ERRORS[fe.code];
  if (known) return sendEnvelope(env, req, reply, ErrorCode.PARAM_PROCESS, known(fe), null);
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return sendEnvelope(env, req, reply, ErrorCode.PARAM_PROCESS, fe.message, null);
  req.log.error({ err }, 'unipay call failed');
  sendEnvelope(env, req, reply, ErrorCode.SYSTEM, 'system error; quote the traceId to the operator', null);
}
