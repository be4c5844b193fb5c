import { useSyncExternalStore } from 'react';
import { session, type SignedIn } from '../api/client';

/** Who is signed in; null after logout or when a refresh was refused. */
export function useSignedIn(): SignedIn | null {
  return useSyncExternalStore(session.subscribe, session.current);
}
