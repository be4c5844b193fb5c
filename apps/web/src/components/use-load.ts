import { useCallback, useEffect, useState } from 'react';
import { problemOf, type Problem } from '../api/client';

export interface Loaded<T> {
  /** The last answer, kept while a newer one loads. */
  data: T | null;
  problem: Problem | null;
  loading: boolean;
  reload: () => void;
}

interface Settled<T> {
  load: (() => Promise<T>) | null;
  generation: number;
  data: T | null;
  problem: Problem | null;
}

/** Runs `load` when it changes (the caller memoises it) or on reload(); a stale answer is dropped. */
export function useLoad<T>(load: () => Promise<T>): Loaded<T> {
  const [generation, setGeneration] = useState(0);
  const [settled, setSettled] = useState<Settled<T>>({
    load: null,
    generation: 0,
    data: null,
    problem: null,
  });
  useEffect(() => {
    let current = true;
    load().then(
      (data) => {
        if (current) setSettled({ load, generation, data, problem: null });
      },
      (error: unknown) => {
        if (current) {
          setSettled((last) => ({ ...last, load, generation, problem: problemOf(error) }));
        }
      },
    );
    return () => {
      current = false;
    };
  }, [load, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const loading = settled.load !== load || settled.generation !== generation;
  return { data: settled.data, problem: settled.problem, loading, reload };
}
