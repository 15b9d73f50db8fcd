//! Python's values, just enough of them for `func(x, y)`: `return x + y`.
//!
//! The tutorial's failing job is `func(2, 'Hello')`: Python only finds out that `int + str` makes no sense when
//! the `+` runs, and raises `TypeError` inside the job. Rust refuses `2 + "Hello"` at compile time, so to show a
//! job failing at run time the arguments must be values whose type is only known at run time: [`Value`].
//! [`add`] then fails the way CPython does, with the same message.
//!
//! [`Value::None`] is Python's `None`: what `time.sleep` returns, and what a Task sends into a generator the first
//! time (`gen.send(None)`).

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
}

impl Value {
    /// Python's `type(v).__name__`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Int(_) => "int",
            Value::Str(_) => "str",
        }
    }
}

/// Python's `print(v)`: `None`, `5`, `Hello`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::None => f.write_str("None"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Str(s) => f.write_str(s),
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

/// Python's `x + y` for these values: ints add, strings concatenate, anything else is the `TypeError` CPython
/// raises.
pub fn add(x: &Value, y: &Value) -> Result<Value, AddError> {
    match (x, y) {
        (Value::Int(a), Value::Int(b)) => a.checked_add(*b).map(Value::Int).ok_or(AddError::Overflow(*a, *b)),
        (Value::Str(a), Value::Str(b)) => Ok(Value::Str(format!("{a}{b}"))),
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
    }
}
