"""compiler2.py: visitor methods as generators, one driver, no recursion (twin of src/part7_compiler/compiler2.rs).

visit_BinOp yields each child it needs and is resumed with that child's value; NodeVisitor.visit keeps the
generators on an explicit stack, so a tree a million levels deep is walked without deep recursion (slowly: about
3.5 us per node). The tokenizer, parser and arithmetic are compiler1's, as the Rust port shares them too.
One change to the original: its visit_BinOp ends with `yield result`, which the driver takes for a value; ours
`return`s it and the driver reads StopIteration.value, as the Rust driver reads Step::Return.

Usage: python3 compiler2.py [--expr TEXT] [--terms N]
"""

import types

from compiler1 import EvalFailure, Node, apply, arguments, explosion, parsed


class NodeVisitor:
    def visit(self, node):
        stack = [node]
        last_result = None
        while stack:
            try:
                last = stack[-1]
                if isinstance(last, types.GeneratorType):
                    stack.append(last.send(last_result))
                    last_result = None
                elif isinstance(last, Node):
                    stack.append(self._visit(stack.pop()))
                else:
                    last_result = stack.pop()
            except StopIteration as e:
                stack.pop()
                last_result = e.value
        return last_result

    def _visit(self, node):
        return getattr(self, "visit_" + type(node).__name__)(node)


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
