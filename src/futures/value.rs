//! Python's values, just enough of them for `func(x, y)`: `return x + y`.
//!
//! The tutorial's failing job is `func(2, 'Hello')`: Python only finds out that `int + str` makes no sense when
//! the `+` runs, and raises `TypeError` inside the job. Rust refuses `2 + "Hello"` at compile time, so to show a
//! job failing at run time the arguments must be values whose type is only known at run time: [`Value`].
//! [`add`] then fails the way CPython does, with the same message.
//!
//! [`Value::None`] is Python's `None`: what `time.sleep` returns, and what a Task sends into a generator the first
//! time (`gen.send(None)`). [`Value::List`] is what fib's `compute_fibs` returns, printed as Python prints a list.

use std::fmt;

/// A dynamically typed value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Value {
    /// `None`.
    #[default]
    None,
    /// An `int`.
    Int(i64),
    /// A `str`.
    Str(String),
    /// A `list`.
    List(Vec<Value>),
}

impl Value {
    /// Python's `type(v).__name__`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Int(_) => "int",
            Value::Str(_) => "str",
            Value::List(_) => "list",
        }
    }

    /// Python's `repr(v)`: as [`Display`](fmt::Display), but a string keeps its quotes (`'a'`). A list shows its
    /// items this way, as Python's `print([1, 'a'])` shows `[1, 'a']`.
    pub fn repr(&self) -> String {
        match self {
            Value::Str(s) => repr_str(s),
            _ => self.to_string(),
        }
    }
}

/// CPython's `repr(str)` for the common cases: single quotes, unless the text holds a `'` and no `"`; the chosen
/// quote, the backslash and the usual control characters escaped. (CPython also escapes other non-printable
/// characters as `\xNN`; no sample prints one.)
fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `print(v)`: `None`, `5`, `Hello`, `[1, 'a']` (a list shows its items' [`repr`](Value::repr)).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::None => f.write_str("None"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Str(s) => f.write_str(s),
            Value::List(items) => {
                f.write_str("[")?;
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(&item.repr())?;
                }
                f.write_str("]")
            }
        }
    }
}

/// A Task's trace shows what it sends in as Python's `repr`; `None` is a bare `next()`.
impl crate::trace::Describe for Value {
    fn describe(&self) -> crate::trace::Sent {
        match self {
            Value::None => crate::trace::Sent::Nothing,
            value => crate::trace::Sent::Value(value.repr()),
        }
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.to_string())
    }
}

/// What Python's `x + y` raises for these values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddError {
    /// CPython's `TypeError`, word for word.
    #[error("unsupported operand type(s) for +: '{0}' and '{1}'")]
    Type(&'static str, &'static str),
    /// Python's ints never overflow; ours are `i64`, and we say so rather than wrap.
    #[error("{0} + {1} does not fit in 64 bits (Python's ints are unbounded, these are i64)")]
    Overflow(i64, i64),
}

/// Python's `x + y` for these values: ints add, strings and lists concatenate, anything else is the `TypeError`
/// CPython raises.
pub fn add(x: &Value, y: &Value) -> Result<Value, AddError> {
    match (x, y) {
        (Value::Int(a), Value::Int(b)) => a.checked_add(*b).map(Value::Int).ok_or(AddError::Overflow(*a, *b)),
        (Value::Str(a), Value::Str(b)) => Ok(Value::Str(format!("{a}{b}"))),
        (Value::List(a), Value::List(b)) => Ok(Value::List(a.iter().chain(b).cloned().collect())),
        _ => Err(AddError::Type(x.type_name(), y.type_name())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_like_python() {
        assert_eq!(add(&2.into(), &3.into()), Ok(Value::Int(5)));
        assert_eq!(add(&"a".into(), &"b".into()), Ok(Value::from("ab")));
        let error = add(&2.into(), &"Hello".into()).err().map(|e| e.to_string());
        assert_eq!(error.as_deref(), Some("unsupported operand type(s) for +: 'int' and 'str'"));
        assert_eq!(Value::None.to_string(), "None");
        let list = |items: Vec<Value>| Value::List(items);
        assert_eq!(add(&list(vec![1.into()]), &list(vec![2.into()])), Ok(list(vec![1.into(), 2.into()])));
        let error = add(&list(vec![]), &2.into()).err().map(|e| e.to_string());
        assert_eq!(error.as_deref(), Some("unsupported operand type(s) for +: 'list' and 'int'"));
    }

    #[test]
    fn prints_lists_like_python() {
        // Each expectation is what CPython 3.11's print() shows for the same value.
        let list = |items: Vec<Value>| Value::List(items);
        assert_eq!(list(vec![]).to_string(), "[]");
        assert_eq!(list(vec![1.into(), 1.into(), 2.into()]).to_string(), "[1, 1, 2]");
        assert_eq!(list(vec!["a".into(), Value::None, (-3).into()]).to_string(), "['a', None, -3]");
        assert_eq!(list(vec![list(vec!["b".into()]), list(vec![])]).to_string(), "[['b'], []]");
        assert_eq!(list(vec!["it's".into(), "say \"hi\"".into()]).to_string(), r#"["it's", 'say "hi"']"#);
        assert_eq!(list(vec!["both ' \"".into(), "a\\b\n".into()]).to_string(), r#"['both \' "', 'a\\b\n']"#);
        assert_eq!(Value::from("a").repr(), "'a'");
        assert_eq!(Value::from("a").to_string(), "a", "print() of a bare string shows no quotes");
    }
}
