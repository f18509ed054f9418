import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option } from 'nest-commander';
import { AppConfig } from '../config/app-config';
import { SyncService, type SyncProgress, type SyncSummary } from './sync.service';

interface SyncCommandOptions {
  full?: boolean;
  reembed?: boolean;
  json?: boolean;
}

@Command({
  name: 'sync',
  description:
    'sync the catalog from WooCommerce now (incremental when a previous run exists, full every SYNC_FULL_EVERY_HOURS)',
})
export class SyncCommand extends CommandRunner {
  constructor(
    private readonly sync: SyncService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  @Option({ flags: '--full', description: 'fetch every product and remove those that left the store' })
  parseFull(): boolean {
    return true;
  }

  @Option({
    flags: '--reembed',
    description: 'embed every product again (after changing the embedding model)',
  })
  parseReembed(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'print a JSON summary as the last line of stdout' })
  parseJson(): boolean {
    return true;
  }

  async run(_args: string[], options: SyncCommandOptions): Promise<void> {
    if (!this.config.isWooCommerceConfigured) {
      throw new Error(
        'WooCommerce is not configured: set WOOCOMMERCE_URL, WOOCOMMERCE_KEY and WOOCOMMERCE_SECRET (in the environment or .env)',
      );
    }
    const progress = !options.json && process.stdout.isTTY ? new ProgressBars() : undefined;
    let summary: SyncSummary;
    try {
      summary = await this.sync.sync({
        mode: options.full ? 'full' : 'auto',
        reembed: options.reembed ?? false,
        onProgress: progress ? (p) => progress.update(p) : undefined,
      });
    } finally {
      progress?.stop();
    }
    if (options.json) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    } else {
      process.stdout.write(
        `${summary.kind} sync ${summary.status} in ${(summary.durationMs / 1000).toFixed(1)} s: ` +
          `${summary.fetched} fetched, ${summary.created} created, ${summary.updated} updated, ` +
          `${summary.deleted} deleted, ${summary.embedded} embedded, ${summary.errors} error(s)\n`,
      );
    }
    // The CLI's error handler prints this one line on stderr and exits non-zero.
    if (summary.status === 'failed') throw new Error(`sync failed: ${summary.error}`);
  }
}

/** One bar per phase, drawn only on a terminal. */
class ProgressBars {
  private readonly multi = new MultiBar(
    { format: ' {phase} |{bar}| {value}/{total}', hideCursor: true, clearOnComplete: false },
    Presets.shades_classic,
  );
  private readonly bars = new Map<SyncProgress['phase'], SingleBar>();

  update(p: SyncProgress): void {
    let bar = this.bars.get(p.phase);
    const phase = p.phase === 'fetch' ? 'pages    ' : 'embedding';
    if (!bar) {
      bar = this.multi.create(p.total, 0, { phase });
      this.bars.set(p.phase, bar);
    }
    bar.setTotal(p.total);
    bar.update(p.done, { phase });
  }

  stop(): void {
    this.multi.stop();
  }
}
