/**
 * Hidden-class anchors. V8 reaches an instance's hidden class through weak transitions, so a
 * full GC that collects every instance of a class (between two invocations, once the last one's
 * objects are garbage) collects the class's shape too, and throws away all optimised code that
 * checked it: the next replay then runs unoptimised until it has re-warmed (in `npm run bench`,
 * twice as long). One idle instance per hot class, built with light arguments and holding no
 * invocation data, keeps the shapes alive.
 */
const anchors: object[] = [];

/** Keeps `instance` (and so its hidden class) alive for the life of the process. */
export function anchorShape(instance: object): void {
  anchors.push(instance);
}
