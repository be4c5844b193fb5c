import { Command, CommandRunner } from 'nest-commander';
import { NoShowReleases } from '@app/bookings';

@Command({
  name: 'release-no-shows',
  description:
    'Release every booking not checked in by start + AUTO_RELEASE_AFTER_MIN (as the API sweep does), once',
})
export class ReleaseNoShowsCommand extends CommandRunner {
  constructor(private readonly releases: NoShowReleases) {
    super();
  }

  async run(): Promise<void> {
    const released = await this.releases.releaseDue();
    process.stdout.write(`released ${released} no-show booking${released === 1 ? '' : 's'}\n`);
  }
}
