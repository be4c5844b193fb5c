import { parse } from 'node:querystring';
import { bodyProblem, decodeUtf8, MAX_BODY_KEYS } from './json-body';

/**
 * The application/x-www-form-urlencoded parser: the checks of a JSON body (a NUL in a form
 * field must not reach the database either), and parsing stops after MAX_BODY_KEYS + 1 keys.
 */
export function parseFormBody(raw: Buffer): unknown {
  const body = parse(decodeUtf8(raw), '&', '=', { maxKeys: MAX_BODY_KEYS + 1 });
  const problem = bodyProblem(body);
  if (problem) throw problem;
  return body;
}
