import { Module } from '@nestjs/common';

/** The WhatsApp Cloud API client, WAID normalisation and 24-hour window rules. */
@Module({})
export class WhatsAppModule {}
