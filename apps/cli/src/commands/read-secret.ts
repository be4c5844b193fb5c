import { createInterface } from 'node:readline';

/** Reads a line from a TTY without echoing it. */
export function readSecret(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!process.stdin.isTTY) {
      reject(
        new Error(
          'no password given: use --password, ADMIN_PASSWORD, or run in a terminal to be prompted',
        ),
      );
      return;
    }
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as {
      _writeToOutput: (text: string) => void;
      output: NodeJS.WriteStream;
    };
    let muted = false;
    output._writeToOutput = (text: string) => {
      if (!muted) output.output.write(text);
    };
    rl.question(prompt, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}
