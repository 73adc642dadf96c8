import { useEffect, useState } from 'react';

/** `value` once it has stayed the same (by its JSON) for `ms`: a form's clash check waits for the typing to pause. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
    // The value is compared by its JSON: a new object of the same content restarts nothing.
  }, [key, ms]);
  return settled;
}
