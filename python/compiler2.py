"""compiler2.py: visitor methods as generators, one driver, no recursion (twin of src/part7_compiler/compiler2.rs)."""

import types

from compiler1 import apply, parsed, report


class NodeVisitor:
    def genvisit(self, node):
        result = getattr(self, 'visit_' + type(node).__name__)(node)
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


def main(expr='2 + 3*4 - 5', terms=1000):
    tree = parsed(expr)
    print('---- Evaluation')
    report(Evaluator(), tree)
    print('---- Evil Evaluation')
    report(Evaluator(), parsed('+'.join(str(x) for x in range(terms))))


# ---- plumbing: not in the original ----
# The command line (--expr, --terms) and the port's errors are compiler1's (python/compiler1.py's plumbing).

from compiler1 import arguments  # noqa: E402

if __name__ == '__main__':
    main(*arguments())
