import type { ZonedTime } from '../../core/time.ts';
import type { App, NoticeType } from '../../core/types.ts';
import { envelope } from './envelope.ts';

/**
 * A unipay notification: the signed envelope with `data` = the record as the query endpoint
 * shows it, plus noticeType, mchNo and appId. Its traceId is the notification's stable id, the
 * same on every attempt, for merchants to drop duplicates.
 */
export function renderUnipayNotice(app: App, noticeType: NoticeType, data: unknown, id: string, now: number, tz: ZonedTime) {
  return {
    contentType: 'application/json; charset=utf-8',
    body: envelope(app, 0, 'success', data, tz.format(now), id, { noticeType, mchNo: app.mchNo, appId: app.appId }),
  };
}
