"""compiler2.py: visitor methods as generators, one driver, no recursion (twin of src/part7_compiler/compiler2.rs).

visit_BinOp yields each child it needs and is resumed with that child's value. The driver is the original's:
genvisit(node) calls visit_<Type>, and when that returned a generator, delegates to it with yield from (else
returns the plain value); visit keeps a stack of these genvisit generators only, sends the last result into the
top one, pushes genvisit(child) for a yielded child, and pops a finished one, carrying its value down. So a tree
a million levels deep is walked without deep recursion (slowly: about 2 us of CPU per node here). The tokenizer,
parser and arithmetic are compiler1's, as the Rust port shares them too.

Usage: python3 compiler2.py [--expr TEXT] [--terms N]
"""

import types

from compiler1 import EvalFailure, apply, arguments, explosion, parsed


class NodeVisitor:
    def genvisit(self, node):
        result = getattr(self, "visit_" + type(node).__name__)(node)
        if isinstance(result, types.GeneratorType):
            result = yield from result
        return result

    def visit(self, node):
        stack = [self.genvisit(node)]
        result = None
        while stack:
            try:
                node = stack[-1].send(result)
                stack.append(self.genvisit(node))
                result = None
            except StopIteration as exc:
                stack.pop()
                result = exc.value
        return result


class Evaluator(NodeVisitor):
    def visit_Number(self, node):
        return node.value

    def visit_BinOp(self, node):
        leftval = yield node.left
        rightval = yield node.right
        return apply(node.op, leftval, rightval)


def report(tree):
    try:
        print(f"Result: {Evaluator().visit(tree)}")
    except EvalFailure as e:
        print(f"Error: {e}")


def main():
    args = arguments()
    tree = parsed(args.expr)
    print("---- Evaluation")
    report(tree)
    tree = parsed(explosion(args.terms))
    print("---- Evil Evaluation")
    report(tree)


if __name__ == "__main__":
    main()
