import { Module } from '@nestjs/common';
import { WhatsAppClient } from './whatsapp.client';

/** The WhatsApp Cloud API client and WAID normalisation (`waid.ts`). */
@Module({
  providers: [WhatsAppClient],
  exports: [WhatsAppClient],
})
export class WhatsAppModule {}
