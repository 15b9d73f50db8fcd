"""compiler1.py: a recursive visitor that explodes (twin of src/part7_compiler/compiler1.rs)."""

import re
from collections import namedtuple

tokens = [
    r'(?P<NUM>[0-9]+)',
    r'(?P<PLUS>\+)',
    r'(?P<MINUS>-)',
    r'(?P<TIMES>\*)',
    r'(?P<DIVIDE>/)',
    r'(?P<LPAREN>\()',
    r'(?P<RPAREN>\))',
    r'(?P<WS>[ \t\n\r\f]+)',
    r'(?P<BAD>(?s:.))',
]

master_re = re.compile('|'.join(tokens))
Token = namedtuple('Token', ['type', 'value', 'pos'])


def tokenize(text):
    scan = master_re.scanner(text)
    yield from (Token(m.lastgroup, m.group(), m.start())
                for m in iter(scan.match, None) if m.lastgroup != 'WS')
    yield Token('END', '', len(text))


class Node:
    _fields = []

    def __init__(self, *args):
        for attr, value in zip(self._fields, args):
            setattr(self, attr, value)


class Number(Node):
    _fields = ['value']


class BinOp(Node):
    _fields = ['op', 'left', 'right']


def parse(toks):
    lookahead, current = next(toks, None), None

    def accept(*toktypes):
        nonlocal lookahead, current
        if lookahead and lookahead.type in toktypes:
            current, lookahead = lookahead, next(toks, None)
            return True

    def expr():
        left = term()
        while accept('PLUS', 'MINUS'):
            left = BinOp(current.value, left)
            left.right = term()
        return left

    def term():
        left = factor()
        while accept('TIMES', 'DIVIDE'):
            left = BinOp(current.value, left)
            left.right = factor()
        return left

    def factor():
        if accept('NUM'):
            return Number(number(current))
        if accept('LPAREN'):
            opened, inner = current, expr()
            if not accept('RPAREN'):
                syntax_error(f"an operator or ')' to close the '(' at byte {opened.pos}", lookahead)
            return inner
        syntax_error("a number or '('", lookahead)

    tree = expr()
    if lookahead.type != 'END':
        syntax_error('an operator or the end of the input', lookahead)
    return tree


class NodeVisitor:
    def visit(self, node):
        return getattr(self, 'visit_' + type(node).__name__)(node)


class Evaluator(NodeVisitor):
    def visit_Number(self, node):
        return node.value

    def visit_BinOp(self, node):
        leftval = self.visit(node.left)
        rightval = self.visit(node.right)
        return apply(node.op, leftval, rightval)


def explosion(terms=1000):
    print('---- Explosion')
    report(Evaluator(), parsed('+'.join(str(x) for x in range(terms))))


def main(expr='2 + 3*4 - 5', terms=1000):
    tree = parsed(expr)
    print('---- Evaluation')
    report(Evaluator(), tree)
    explosion(terms)


# ---- plumbing: not in the original ----
# The port's language and errors: parentheses, '/' divides (floor division; the original multiplies), 64-bit
# integers, and a parse error that says where and what (the Rust port's message, word for word), exit status 1.
# Digits and whitespace are ASCII only, as in the port's tokenizer, so every position a message reports is in the
# ASCII text before the first bad character, where Python's character positions are Rust's byte positions.

import argparse  # noqa: E402

from frontier import debug_str, escape_debug  # noqa: E402

INT64 = (-(2**63), 2**63 - 1)


class ParseFailure(Exception):
    pass


class EvalFailure(Exception):
    pass


def described(tok):
    """A token as the Rust port's messages name it."""
    if tok.type == 'END':
        return 'the end of the input'
    if tok.type == 'NUM':
        digits = tok.value if len(tok.value) <= 24 else f'{tok.value[:24]}... ({len(tok.value)} digits)'
        return f'the number {digits}'
    return f"'{escape_debug(tok.value)}'"


def syntax_error(expected, tok):
    raise ParseFailure(f'syntax error at byte {tok.pos}: expected {expected}, found {described(tok)}')


def number(tok):
    # Compared as text: int() refuses more than 4300 digits, and Rust's message names any number of them.
    digits, largest = tok.value.lstrip('0') or '0', str(INT64[1])
    if len(digits) > len(largest) or (len(digits) == len(largest) and digits > largest):
        syntax_error(f'a number up to {INT64[1]}', tok)
    return int(digits)


def apply(op, left, right):
    if op == '/':
        if right == 0:
            raise EvalFailure(f'division by zero in {left} / 0')
        result = left // right
    else:
        result = {'+': left + right, '-': left - right, '*': left * right}[op]
    if not INT64[0] <= result <= INT64[1]:
        raise EvalFailure(f'integer overflow: {left} {op} {right} does not fit in 64 bits')
    return result


def report(visitor, tree):
    try:
        print(f'Result: {visitor.visit(tree)}')
    except RecursionError:
        # CPython's wording varies ("... while calling a Python object"); this is the part both languages say.
        print('Error: maximum recursion depth exceeded')
    except EvalFailure as e:
        print(f'Error: {e}')


def parsed(text):
    try:
        return parse(tokenize(text))
    except ParseFailure as e:
        size = len(text.encode('utf-8', 'surrogateescape'))
        shown = debug_str(text) if size <= 60 else f'the expression ({size} bytes)'
        raise SystemExit(f'error: cannot parse {shown}: {e}')  # on stderr, exit status 1


def arguments():
    parser = argparse.ArgumentParser(description='Evaluates an expression, then the chain 0+1+...+(N-1).')
    parser.add_argument('--expr', default='2 + 3*4 - 5')
    parser.add_argument('--terms', type=int, default=1000)
    args = parser.parse_args()
    if args.terms < 1:
        parser.error('--terms must be at least 1: the chain 0+1+...+(N-1) needs one term')
    return args.expr, args.terms


if __name__ == '__main__':
    main(*arguments())
