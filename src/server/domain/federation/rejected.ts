/** An object apply refuses, with the reason kept among the peer's rejects. */
export class Rejected extends Error {}

export const reject = (reason: string): never => {
  throw new Rejected(reason);
};
