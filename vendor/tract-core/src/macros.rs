#[macro_export]
macro_rules! dims {
    ($($dim:expr),*) => {
        ShapeFact::from(&[$(TDim::from($dim.clone())),*])
    }
}

/// `dispatch_numbers!` trimmed to the datum types int8 and f32 CNNs use (patched for
/// size, see PATCHED.md): u8, i8, i32, i64, f32 and the quantised u8/i8/i32. Other types
/// are refused with an error, never a panic.
#[macro_export]
macro_rules! dispatch_model_numbers {
    ($($path:ident)::* ($dt:expr) ($($args:expr),*)) => { {
        use $crate::prelude::DatumType;
        match $dt {
            DatumType::U8   => $($path)::*::<u8>($($args),*),
            DatumType::I8   => $($path)::*::<i8>($($args),*),
            DatumType::I32  => $($path)::*::<i32>($($args),*),
            DatumType::I64  => $($path)::*::<i64>($($args),*),
            DatumType::F32  => $($path)::*::<f32>($($args),*),
            DatumType::QI8(_)  => $($path)::*::<i8>($($args),*),
            DatumType::QU8(_)  => $($path)::*::<u8>($($args),*),
            DatumType::QI32(_)  => $($path)::*::<i32>($($args),*),
            _ => $crate::internal::bail!("{:?} is not supported by this size-trimmed tract-core", $dt)
        }
    } }
}
