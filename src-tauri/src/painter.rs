//! Linux only: how WebKitGTK paints the page where there is no GPU.
//! Since 2.46 WebKitGTK paints with Skia, through OpenGL wherever an OpenGL
//! driver is found, and composites the page's layers through OpenGL too.
//! Where no GPU can be reached (a PC or virtual machine without a render
//! device, a remote desktop, a session without the right to open it, a
//! build machine) Mesa's OpenGL is llvmpipe, which runs every shader on
//! the CPU through LLVM: the page is then painted and composited on the
//! CPU anyway, only the long way round. So when there is no GPU to use,
//! the app asks WebKitGTK to paint on the CPU (Skia's CPU painting) and to
//! leave out the accelerated compositing: the page is painted straight
//! into the window's buffer, as WebKitGTK did before OpenGL.
//!
//! Measured on such a machine with WebKitGTK 2.50 (Xvfb, 1280×800, release
//! builds, `cargo xtask bench`'s start-up runs with the demo data):
//!
//! - the web process's PSS 3 s after the first frame: 225 MiB with OpenGL
//!   (an earlier measurement), 163 MiB with CPU painting, 106 MiB with CPU
//!   painting and no compositing; the hello-world window's 135 and 92 MiB
//!   for the last two;
//! - scrolling 1,000 catalogue rows, time between frames: median 26–30 ms
//!   with CPU painting and compositing (17–20 ms at 1024×730: the cost
//!   grows with the area painted and composited again for every frame),
//!   16 ms without compositing, one frame at each refresh;
//! - start to the first frame (median of 5): 588 → 420 ms for the app,
//!   488 → 319 ms for the hello-world window.
//!
//! A PC with a GPU keeps WebKitGTK's defaults. Each variable the user has
//! set (also to force OpenGL or compositing back on) is left as it is.
//! Windows (WebView2) is not concerned. The start-up benchmark's reference
//! window includes this file (`#[path]`), so both windows paint the same
//! way and the comparison stays one of the pages, not of the painters.

use std::path::Path;

/// The variable WebKitGTK reads for CPU painting ("1": on).
pub const CPU_PAINTING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// The variable WebKitGTK reads to leave out accelerated compositing
/// ("1": left out).
pub const NO_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Both variables, as the app sets them where there is no GPU.
pub const SOFTWARE_PAINTING: [&str; 2] = [CPU_PAINTING, NO_COMPOSITING];

/// Mesa's variable that forces software OpenGL even where a GPU exists.
const SOFTWARE_GL: &str = "LIBGL_ALWAYS_SOFTWARE";

/// Whether OpenGL could only be software: when Mesa is told to render in
/// software (`software_gl`, read as Mesa reads a yes/no variable), or when
/// `dri` (normally `/dev/dri`) offers no render node (`renderD128`…) that
/// this user may open: the device through which OpenGL reaches a GPU.
pub fn no_usable_gpu(dri: &Path, software_gl: Option<&str>) -> bool {
    if software_gl.is_some_and(|value| {
        !["", "0", "n", "no", "f", "false"].contains(&value.to_ascii_lowercase().as_str())
    }) {
        return true;
    }
    let usable_render_node = std::fs::read_dir(dri).is_ok_and(|entries| {
        entries.filter_map(std::result::Result::ok).any(|entry| {
            entry.file_name().to_string_lossy().starts_with("renderD")
                && std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .open(entry.path())
                    .is_ok()
        })
    });
    !usable_render_node
}

/// The variables of [`SOFTWARE_PAINTING`] to set to "1": none where a GPU
/// can be used, else each one the user has not set (`is_set`).
pub fn to_set(no_gpu: bool, is_set: impl Fn(&str) -> bool) -> Vec<&'static str> {
    if !no_gpu {
        return Vec::new();
    }
    SOFTWARE_PAINTING
        .into_iter()
        .filter(|name| !is_set(name))
        .collect()
}

/// Sets the variables of [`to_set`] for this process and the WebKit
/// processes it starts. Call it first thing (in the app's `run`, in the
/// reference window's `main`), before any thread is started and before
/// the window exists.
pub fn choose() {
    let software_gl = std::env::var(SOFTWARE_GL).ok();
    let no_gpu = no_usable_gpu(Path::new("/dev/dri"), software_gl.as_deref());
    for name in to_set(no_gpu, |name| std::env::var_os(name).is_some()) {
        std::env::set_var(name, "1");
    }
}

#[cfg(test)]
mod tests {
    use super::{no_usable_gpu, to_set, CPU_PAINTING, NO_COMPOSITING};

    #[test]
    fn a_render_node_means_a_gpu_and_its_absence_none() {
        let dri = tempfile::tempdir().expect("a folder");
        assert!(no_usable_gpu(dri.path(), None), "empty folder");
        assert!(
            no_usable_gpu(&dri.path().join("missing"), None),
            "no /dev/dri at all"
        );
        // A display-only device (card0) does not render.
        std::fs::write(dri.path().join("card0"), "").expect("card0");
        assert!(no_usable_gpu(dri.path(), None), "card0 only");
        // A render node this user cannot open (here: not a file) is none.
        std::fs::create_dir(dri.path().join("renderD129")).expect("renderD129");
        assert!(no_usable_gpu(dri.path(), None), "unusable node");
        std::fs::write(dri.path().join("renderD128"), "").expect("renderD128");
        assert!(!no_usable_gpu(dri.path(), None), "a render node");
        for off in ["0", "false", "No", "n", "F", ""] {
            assert!(
                !no_usable_gpu(dri.path(), Some(off)),
                "software GL switched off by {off:?}"
            );
        }
        for on in ["1", "true", "yes"] {
            assert!(
                no_usable_gpu(dri.path(), Some(on)),
                "software GL asked for by {on:?}, GPU or not"
            );
        }
    }

    #[test]
    fn without_a_gpu_both_variables_are_set_unless_the_user_set_them() {
        assert_eq!(to_set(false, |_| false), Vec::<&str>::new(), "a GPU");
        assert_eq!(to_set(true, |_| false), vec![CPU_PAINTING, NO_COMPOSITING]);
        assert_eq!(
            to_set(true, |name| name == CPU_PAINTING),
            vec![NO_COMPOSITING],
            "the user's own painting setting stands"
        );
        assert_eq!(
            to_set(true, |name| name == NO_COMPOSITING),
            vec![CPU_PAINTING],
            "the user's own compositing setting stands"
        );
        assert_eq!(to_set(true, |_| true), Vec::<&str>::new());
    }
}
