/**
 * Group bookkeeping of the Python pattern translator, for back-references. Python fails a
 * back-reference to a group that did not take part in the match; JavaScript matches it as the
 * empty string. So a reference is only translated when its group surely took part: closed before
 * the reference, not optional, not in an alternative the reference is not in, not inside a
 * negative lookaround. Anything else is reported as untranslatable.
 */

interface Frame {
  id: number;
  kind: 'capture' | 'plain' | 'negative';
  /** `|` seen so far directly in this frame. */
  alternatives: number;
  optional: boolean;
  open: boolean;
}

interface Capture {
  frame: Frame;
  /** The frames containing the group, innermost first, with their `|` count when it opened. */
  ancestors: { frame: Frame; alternativesAtOpen: number }[];
}

/** Tracks groups while the translator walks the pattern. */
export class BackReferences {
  private readonly frames = new Map<number, Frame>();
  private readonly stack: Frame[];
  private readonly captures: Capture[] = [];
  private readonly names = new Map<string, number>();
  private nextId = 1;

  constructor() {
    const root: Frame = { id: 0, kind: 'plain', alternatives: 0, optional: false, open: true };
    this.frames.set(0, root);
    this.stack = [root];
  }

  /** The id the next opened group will get. */
  nextFrameId(): number {
    return this.nextId;
  }

  /** A group opens; a capture gets the next group number (and its name, if any). Returns a problem. */
  open(kind: Frame['kind'], name?: string): string | undefined {
    const frame: Frame = { id: this.nextId++, kind, alternatives: 0, optional: false, open: true };
    this.frames.set(frame.id, frame);
    if (kind === 'capture') {
      const ancestors = this.stack.map((outer) => ({ frame: outer, alternativesAtOpen: outer.alternatives })).reverse();
      this.captures.push({ frame, ancestors });
      if (name !== undefined) {
        if (this.names.has(name)) return `redefinition of group name ${name}`;
        this.names.set(name, this.captures.length);
      }
    }
    this.stack.push(frame);
    return undefined;
  }

  /** A `|` in the innermost open group. */
  alternative(): void {
    const top = this.stack.at(-1);
    if (top) top.alternatives++;
  }

  /** The innermost group closes. */
  close(): void {
    const frame = this.stack.pop();
    if (frame) frame.open = false;
  }

  /** The group with this id got a quantifier whose minimum is 0. */
  optional(frameId: number): void {
    const frame = this.frames.get(frameId);
    if (frame) frame.optional = true;
  }

  /** Group number of a named group. */
  indexOfName(name: string): number | undefined {
    return this.names.get(name);
  }

  /** Why a reference to group `index` here would not behave as in Python, or undefined. */
  referenceProblem(index: number): string | undefined {
    const capture = this.captures[index - 1];
    if (!capture) return `invalid group reference ${index}`;
    if (capture.frame.open) return 'cannot refer to an open group';
    if (capture.frame.optional) return `group ${index} is optional and may not take part in the match`;
    for (const { frame, alternativesAtOpen } of capture.ancestors) {
      if (frame.open) {
        if (frame.alternatives !== alternativesAtOpen) return `group ${index} is in another alternative`;
        continue;
      }
      if (frame.optional) return `group ${index} is inside an optional group and may not take part in the match`;
      if (frame.alternatives > 0) return `group ${index} is inside an alternation and may not take part in the match`;
      if (frame.kind === 'negative') return `group ${index} is inside a negative lookaround`;
    }
    return undefined;
  }
}
