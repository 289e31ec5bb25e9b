// The formula language scenarios use for effects, conditions and chances. It is parsed and type-checked once,
// when a scenario compiles, into closures: no eval, no surprises at play time, and a formula can never throw.
//
//   expression := or ;  or := and ('or' and)* ; and := not ('and' not)* ; not := 'not' not | cmp
//   cmp := sum (('=='|'!='|'<'|'<='|'>'|'>=') sum)? ; sum := product (('+'|'-') product)*
//   product := unary (('*'|'/'|'%') unary)* ; unary := '-' unary | atom
//   atom := number | 'text' | true | false | name(.name)* | fn '(' args ')' | '(' expression ')'
//   effect := name ('=' | '+=' | '-=' | '*=') expression

export type FormulaType = 'number' | 'text' | 'bool';
export type FormulaValue = number | string | boolean;
export type Evaluator<C> = (ctx: C) => FormulaValue;

export interface FormulaScope<C> {
  /** The type and reader of a name, or a sentence saying why the name is unknown. */
  resolve(name: string): { type: FormulaType; read: (ctx: C) => FormulaValue } | string;
}

export class FormulaError extends Error {}

type Token =
  | { t: 'num'; v: number; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 'name'; v: string; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'end'; at: number };

const OPS = ['==', '!=', '<=', '>=', '+=', '-=', '*=', '&&', '||', '<', '>', '+', '-', '*', '/', '%', '(', ')', ',', '=', '!'];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const num = /^(\d[\d_]*(\.\d+)?|\.\d+)/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0].replaceAll('_', '')), at: i });
      i += num[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new FormulaError(`text starting at character ${i + 1} is never closed with ${c}`);
      out.push({ t: 'str', v: src.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(i));
    if (name) {
      out.push({ t: 'name', v: name[0], at: i });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ t: 'op', v: op, at: i });
      i += op.length;
      continue;
    }
    throw new FormulaError(`unexpected character '${c}' at character ${i + 1}`);
  }
  out.push({ t: 'end', at: src.length });
  return out;
}

type Node =
  | { k: 'lit'; v: FormulaValue }
  | { k: 'ref'; name: string; at: number }
  | { k: 'un'; op: 'neg' | 'not'; a: Node; at: number }
  | { k: 'bin'; op: string; a: Node; b: Node; at: number }
  | { k: 'call'; fn: string; args: Node[]; at: number };

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[]) {}

  private peek(): Token {
    return this.toks[this.i] as Token;
  }
  private next(): Token {
    return this.toks[this.i++] as Token;
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.v === v;
  }
  private isWord(v: string): boolean {
    const t = this.peek();
    return t.t === 'name' && t.v === v;
  }
  private expectOp(v: string): void {
    const t = this.next();
    if (t.t !== 'op' || t.v !== v) throw new FormulaError(`expected '${v}' at character ${t.at + 1}`);
  }

  expression(): Node {
    let a = this.and();
    while (this.isWord('or') || this.isOp('||')) {
      const at = this.next().at;
      a = { k: 'bin', op: 'or', a, b: this.and(), at };
    }
    return a;
  }
  private and(): Node {
    let a = this.not();
    while (this.isWord('and') || this.isOp('&&')) {
      const at = this.next().at;
      a = { k: 'bin', op: 'and', a, b: this.not(), at };
    }
    return a;
  }
  private not(): Node {
    if (this.isWord('not') || this.isOp('!')) {
      const at = this.next().at;
      return { k: 'un', op: 'not', a: this.not(), at };
    }
    return this.cmp();
  }
  private cmp(): Node {
    const a = this.sum();
    const t = this.peek();
    if (t.t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      this.next();
      return { k: 'bin', op: t.v, a, b: this.sum(), at: t.at };
    }
    return a;
  }
  private sum(): Node {
    let a = this.product();
    for (let t = this.peek(); t.t === 'op' && (t.v === '+' || t.v === '-'); t = this.peek()) {
      this.next();
      a = { k: 'bin', op: t.v, a, b: this.product(), at: t.at };
    }
    return a;
  }
  private product(): Node {
    let a = this.unary();
    for (let t = this.peek(); t.t === 'op' && (t.v === '*' || t.v === '/' || t.v === '%'); t = this.peek()) {
      this.next();
      a = { k: 'bin', op: t.v, a, b: this.unary(), at: t.at };
    }
    return a;
  }
  private unary(): Node {
    if (this.isOp('-')) {
      const at = this.next().at;
      return { k: 'un', op: 'neg', a: this.unary(), at };
    }
    return this.atom();
  }
  private atom(): Node {
    const t = this.next();
    if (t.t === 'num' || t.t === 'str') return { k: 'lit', v: t.v };
    if (t.t === 'name') {
      if (t.v === 'true' || t.v === 'false') return { k: 'lit', v: t.v === 'true' };
      if (this.isOp('(')) {
        this.next();
        const args: Node[] = [];
        if (!this.isOp(')')) {
          args.push(this.expression());
          while (this.isOp(',')) {
            this.next();
            args.push(this.expression());
          }
        }
        this.expectOp(')');
        return { k: 'call', fn: t.v, args, at: t.at };
      }
      return { k: 'ref', name: t.v, at: t.at };
    }
    if (t.t === 'op' && t.v === '(') {
      const e = this.expression();
      this.expectOp(')');
      return e;
    }
    throw new FormulaError(t.t === 'end' ? 'the formula ends too early' : `unexpected '${t.v}' at character ${t.at + 1}`);
  }
  end(): void {
    const t = this.peek();
    if (t.t !== 'end') throw new FormulaError(`unexpected '${'v' in t ? t.v : ''}' at character ${t.at + 1}`);
  }
  assignment(): { target: string; op: string; at: number } {
    const t = this.next();
    if (t.t !== 'name') throw new FormulaError('an effect starts with the name of a metric or variable, e.g. "stability -= 10"');
    const op = this.next();
    if (op.t !== 'op' || !['=', '+=', '-=', '*='].includes(op.v)) {
      throw new FormulaError(`after '${t.v}' write =, +=, -= or *= (e.g. "${t.v} -= 10")`);
    }
    return { target: t.v, op: op.v, at: t.at };
  }
}

const FUNCTIONS: Record<string, { args: FormulaType[] | 'if'; result: FormulaType | 'if' }> = {
  min: { args: ['number', 'number'], result: 'number' },
  max: { args: ['number', 'number'], result: 'number' },
  clamp: { args: ['number', 'number', 'number'], result: 'number' },
  abs: { args: ['number'], result: 'number' },
  round: { args: ['number'], result: 'number' },
  if: { args: 'if', result: 'if' },
};

function compileNode<C>(n: Node, scope: FormulaScope<C>): { type: FormulaType; ev: Evaluator<C> } {
  switch (n.k) {
    case 'lit': {
      const v = n.v;
      return { type: typeof v === 'number' ? 'number' : typeof v === 'string' ? 'text' : 'bool', ev: () => v };
    }
    case 'ref': {
      const r = scope.resolve(n.name);
      if (typeof r === 'string') throw new FormulaError(r);
      return { type: r.type, ev: r.read };
    }
    case 'un': {
      const a = compileNode(n.a, scope);
      if (n.op === 'neg') {
        need(a.type, 'number', "'-'");
        return { type: 'number', ev: (c) => -(a.ev(c) as number) };
      }
      need(a.type, 'bool', "'not'");
      return { type: 'bool', ev: (c) => !a.ev(c) };
    }
    case 'bin': {
      const a = compileNode(n.a, scope);
      const b = compileNode(n.b, scope);
      const A = a.ev;
      const B = b.ev;
      switch (n.op) {
        case 'or':
        case 'and':
          need(a.type, 'bool', `'${n.op}'`);
          need(b.type, 'bool', `'${n.op}'`);
          return n.op === 'or'
            ? { type: 'bool', ev: (c) => (A(c) as boolean) || (B(c) as boolean) }
            : { type: 'bool', ev: (c) => (A(c) as boolean) && (B(c) as boolean) };
        case '==':
        case '!=':
          if (a.type !== b.type) {
            throw new FormulaError(`'${n.op}' compares a ${a.type} with a ${b.type}; compare like with like`);
          }
          return n.op === '==' ? { type: 'bool', ev: (c) => A(c) === B(c) } : { type: 'bool', ev: (c) => A(c) !== B(c) };
        default: {
          need(a.type, 'number', `'${n.op}'`);
          need(b.type, 'number', `'${n.op}'`);
          const num =
            (f: (x: number, y: number) => FormulaValue): Evaluator<C> =>
            (c) =>
              f(A(c) as number, B(c) as number);
          const ops: Record<string, Evaluator<C>> = {
            '<': num((x, y) => x < y),
            '<=': num((x, y) => x <= y),
            '>': num((x, y) => x > y),
            '>=': num((x, y) => x >= y),
            '+': num((x, y) => x + y),
            '-': num((x, y) => x - y),
            '*': num((x, y) => x * y),
            // Division by zero gives 0 so a formula can never produce Infinity or NaN in the world state.
            '/': num((x, y) => (y === 0 ? 0 : x / y)),
            '%': num((x, y) => (y === 0 ? 0 : x % y)),
          };
          const ev = ops[n.op] as Evaluator<C>;
          const cmp = ['<', '<=', '>', '>='].includes(n.op);
          return { type: cmp ? 'bool' : 'number', ev };
        }
      }
    }
    case 'call': {
      const f = FUNCTIONS[n.fn];
      if (!f) throw new FormulaError(`unknown function '${n.fn}' (known: ${Object.keys(FUNCTIONS).join(', ')})`);
      const args = n.args.map((x) => compileNode(x, scope));
      if (f.args === 'if') {
        if (args.length !== 3) throw new FormulaError('if(condition, then, otherwise) takes three parts');
        const [c, t, e] = args as [(typeof args)[0], (typeof args)[0], (typeof args)[0]];
        need(c.type, 'bool', 'the condition of if()');
        if (t.type !== e.type) throw new FormulaError(`if() gives a ${t.type} in one branch and a ${e.type} in the other`);
        return { type: t.type, ev: (x) => (c.ev(x) ? t.ev(x) : e.ev(x)) };
      }
      if (args.length !== f.args.length) {
        throw new FormulaError(`${n.fn}() takes ${f.args.length} number${f.args.length > 1 ? 's' : ''}`);
      }
      args.forEach((a, i) => {
        need(a.type, (f.args as FormulaType[])[i] as FormulaType, `${n.fn}()`);
      });
      const evs = args.map((a) => a.ev);
      const [x, y, z] = evs as [Evaluator<C>, Evaluator<C>, Evaluator<C>];
      const table: Record<string, Evaluator<C>> = {
        min: (c) => Math.min(x(c) as number, y(c) as number),
        max: (c) => Math.max(x(c) as number, y(c) as number),
        clamp: (c) => Math.min(Math.max(x(c) as number, y(c) as number), z(c) as number),
        abs: (c) => Math.abs(x(c) as number),
        round: (c) => Math.round(x(c) as number),
      };
      return { type: f.result as FormulaType, ev: table[n.fn] as Evaluator<C> };
    }
  }
}

function need(got: FormulaType, want: FormulaType, where: string): void {
  if (got !== want) throw new FormulaError(`${where} needs a ${want} but got a ${got}`);
}

/** Compile an expression; throws FormulaError with a sentence a facilitator can act on. */
export function compileExpression<C>(src: string, scope: FormulaScope<C>, want?: FormulaType): Evaluator<C> {
  const p = new Parser(tokenize(src));
  const node = p.expression();
  p.end();
  const { type, ev } = compileNode(node, scope);
  if (want && type !== want) {
    throw new FormulaError(
      want === 'bool'
        ? `this should be a condition (true or false) but it gives a ${type}`
        : `this should give a ${want} but it gives a ${type}`,
    );
  }
  return ev;
}

export interface CompiledEffect<C> {
  target: string;
  op: '=' | '+=' | '-=' | '*=';
  value: Evaluator<C>;
  source: string;
}

/** Compile "target op expression"; `assignable` says which names may be written and their types. */
export function compileEffect<C>(
  src: string,
  scope: FormulaScope<C>,
  assignable: (name: string) => FormulaType | string,
): CompiledEffect<C> {
  const p = new Parser(tokenize(src));
  const { target, op } = p.assignment();
  const t = assignable(target);
  if (t !== 'number') throw new FormulaError(t === 'text' || t === 'bool' ? `'${target}' cannot be changed by an effect` : t);
  const node = p.expression();
  p.end();
  const { type, ev } = compileNode(node, scope);
  need(type, 'number', `the value given to '${target}'`);
  return { target, op: op as CompiledEffect<C>['op'], value: ev, source: src };
}
