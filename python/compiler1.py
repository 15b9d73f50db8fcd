"""compiler1.py: a recursive visitor that explodes (Python twin of src/part7_compiler/compiler1.rs).

A regex tokenizer, a recursive-descent parser that builds left-leaning trees for chains, and an evaluator that
visits the tree recursively, dispatching on the node's class name. The chain 0+1+...+999 is a tree 1000 levels
deep; at two frames per level CPython's recursion limit (1000 frames) gives out around level 500 and raises
RecursionError. The Rust port stops at 500 levels on purpose (a Rust stack overflow would abort the process),
and both print the same line.

Like the port: parentheses, '/' divides (floor division; the original multiplied), errors instead of silent
skips. An input that does not parse fails (exit 1) with the Rust port's message: the position, what the parser
expected there and what it found. As in the port's tokenizer, digits and whitespace are ASCII only; so every
position a message reports is in the ASCII text before the first bad character, where Python's character
positions are Rust's byte positions.

Usage: python3 compiler1.py [--expr TEXT] [--terms N]
"""

import argparse
import re
from collections import namedtuple

from frontier import debug_str, escape_debug

TOKEN_SPEC = [
    ("NUM", r"[0-9]+"),
    ("PLUS", r"\+"),
    ("MINUS", r"-"),
    ("TIMES", r"\*"),
    ("DIVIDE", r"/"),
    ("LPAREN", r"\("),
    ("RPAREN", r"\)"),
    ("WS", r"[ \t\n\r\f]+"),  # Rust's is_ascii_whitespace: no vertical tab
    ("BAD", r"(?s:.)"),  # any other character: the parser reports it where it meets it
]
MASTER = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in TOKEN_SPEC))

Token = namedtuple("Token", ["type", "value", "pos"])

INT64 = (-(2**63), 2**63 - 1)


class ParseFailure(Exception):
    pass


class EvalFailure(Exception):
    pass


def tokenize(text):
    for m in MASTER.finditer(text):
        if m.lastgroup != "WS":
            yield Token(m.lastgroup, m.group(), m.start())
    yield Token("END", "", len(text))  # the end of the input is a token too, so that it has a position


def fits_in_64_bits(digits):
    # Compared as text: int() refuses more than 4300 digits, and Rust's message names any number of them.
    digits = digits.lstrip("0") or "0"
    largest = str(INT64[1])
    return len(digits) < len(largest) or (len(digits) == len(largest) and digits <= largest)


def described(tok):
    """A token as the Rust port's messages name it."""
    if tok.type == "END":
        return "the end of the input"
    if tok.type == "NUM":
        digits = tok.value if len(tok.value) <= 24 else f"{tok.value[:24]}... ({len(tok.value)} digits)"
        return f"the number {digits}"
    return f"'{escape_debug(tok.value)}'"


class Node:
    _fields = []

    def __init__(self, *args):
        for name, value in zip(self._fields, args):
            setattr(self, name, value)


class BinOp(Node):
    _fields = ["op", "left", "right"]


class Number(Node):
    _fields = ["value"]


def parse(toks):
    lookahead, current = next(toks, None), None

    def accept(*toktypes):
        nonlocal lookahead, current
        if lookahead and lookahead.type in toktypes:
            current, lookahead = lookahead, next(toks, None)
            return True

    def fail(expected, tok=None):
        tok = tok or lookahead
        raise ParseFailure(f"syntax error at byte {tok.pos}: expected {expected}, found {described(tok)}")

    def expr():
        left = term()
        while accept("PLUS", "MINUS"):
            left = BinOp(current.value, left)
            left.right = term()
        return left

    def term():
        left = factor()
        while accept("TIMES", "DIVIDE"):
            left = BinOp(current.value, left)
            left.right = factor()
        return left

    def factor():
        if accept("NUM"):
            if not fits_in_64_bits(current.value):
                fail(f"a number up to {INT64[1]}", current)
            return Number(int(current.value))
        if accept("LPAREN"):
            opened = current
            inner = expr()
            if not accept("RPAREN"):
                fail(f"an operator or ')' to close the '(' at byte {opened.pos}")
            return inner
        fail("a number or '('")

    tree = expr()
    if lookahead.type != "END":
        fail("an operator or the end of the input")
    return tree


def apply(op, left, right):
    if op == "/":
        if right == 0:
            raise EvalFailure(f"division by zero in {left} / 0")
        result = left // right
    else:
        result = {"+": left + right, "-": left - right, "*": left * right}[op]
    if not INT64[0] <= result <= INT64[1]:
        raise EvalFailure(f"integer overflow: {left} {op} {right} does not fit in 64 bits")
    return result


class NodeVisitor:
    def visit(self, node):
        return getattr(self, "visit_" + type(node).__name__)(node)


class Evaluator(NodeVisitor):
    def visit_Number(self, node):
        return node.value

    def visit_BinOp(self, node):
        leftval = self.visit(node.left)
        rightval = self.visit(node.right)
        return apply(node.op, leftval, rightval)


def report(tree):
    try:
        print(f"Result: {Evaluator().visit(tree)}")
    except RecursionError:
        # CPython's wording varies ("... while calling a Python object"); this is the part both languages say.
        print("Error: maximum recursion depth exceeded")
    except EvalFailure as e:
        print(f"Error: {e}")


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expr", default="2 + 3*4 - 5")
    parser.add_argument("--terms", type=int, default=1000)
    args = parser.parse_args()
    if args.terms < 1:
        parser.error("--terms must be at least 1: the chain 0+1+...+(N-1) needs one term")
    return args


def parsed(text):
    try:
        return parse(tokenize(text))
    except ParseFailure as e:
        size = len(text.encode("utf-8", "surrogateescape"))
        shown = debug_str(text) if size <= 60 else f"the expression ({size} bytes)"
        raise SystemExit(f"error: cannot parse {shown}: {e}")  # on stderr, exit status 1


def explosion(terms):
    return "+".join(str(x) for x in range(terms))


def main():
    args = arguments()
    tree = parsed(args.expr)
    print("---- Evaluation")
    report(tree)
    tree = parsed(explosion(args.terms))
    print("---- Explosion")
    report(tree)


if __name__ == "__main__":
    main()
