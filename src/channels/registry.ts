import type { ChannelCode } from '../core/types.ts';
import type { ChannelAdapter } from './channel.ts';

/** The adapters this gateway was built with, by channel code. */
export class ChannelRegistry {
  private readonly adapters = new Map<ChannelCode, ChannelAdapter>();

  register(adapter: ChannelAdapter): this {
    this.adapters.set(adapter.code, adapter);
    return this;
  }

  get(code: ChannelCode): ChannelAdapter | undefined {
    return this.adapters.get(code);
  }
}
