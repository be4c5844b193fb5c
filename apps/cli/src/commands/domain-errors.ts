import { Logger } from '@nestjs/common';
import { DomainError } from '@app/core';

/**
 * Runs a command's work; a refusal (a DomainError: bad input, a rule) is one line on stderr and
 * exit code 2, anything else propagates as a crash.
 */
export async function reportingRefusals(logger: Logger, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    logger.error(`${error.code}: ${error.message}`);
    process.exitCode = 2;
  }
}
