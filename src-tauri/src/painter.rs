//! Linux only: whether WebKitGTK paints the page on the CPU or through
//! OpenGL. Since 2.46 WebKitGTK paints with Skia, through OpenGL wherever an
//! OpenGL driver is found. Where no GPU can be reached (a PC or virtual
//! machine without a render device, a session without the right to open
//! it, a build machine) Mesa's OpenGL is llvmpipe, which runs every shader
//! on the CPU through LLVM: the page is then painted on the CPU anyway, only
//! the long way round. Measured on such a machine with WebKitGTK 2.50
//! (Xvfb, the demo data's first screen, PSS): the web process took 225 MiB
//! with OpenGL painting and 163 MiB with Skia's CPU painting; a hello-world
//! window 166 and 148 MiB. So when there is no GPU to use, the app asks
//! WebKitGTK for CPU painting, unless the user chose otherwise.
//!
//! Windows (WebView2) is not concerned. The start-up benchmark's reference
//! window includes this file (`#[path]`), so both windows paint the same way
//! and the comparison stays one of the pages, not of the painters.

use std::path::Path;

/// The variable WebKitGTK reads for CPU painting ("1": on).
pub const CPU_PAINTING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Mesa's variable that forces software OpenGL even where a GPU exists.
const SOFTWARE_GL: &str = "LIBGL_ALWAYS_SOFTWARE";

/// Whether to ask for CPU painting: never over the user's own setting of
/// [`CPU_PAINTING`]; otherwise when Mesa is told to render in software
/// (`software_gl`, read as Mesa reads a yes/no variable), or when `dri`
/// (normally `/dev/dri`) offers no render node (`renderD128`…) that this
/// user may open: the device through which OpenGL reaches a GPU.
pub fn paint_on_the_cpu(dri: &Path, painting_set: bool, software_gl: Option<&str>) -> bool {
    if painting_set {
        return false;
    }
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

/// Sets [`CPU_PAINTING`] for this process and the WebKit processes it
/// starts, when [`paint_on_the_cpu`] says so. Call it first thing (in
/// the app's `run`, in the reference window's `main`), before any thread
/// is started and before the window exists.
pub fn choose() {
    let software_gl = std::env::var(SOFTWARE_GL).ok();
    if paint_on_the_cpu(
        Path::new("/dev/dri"),
        std::env::var_os(CPU_PAINTING).is_some(),
        software_gl.as_deref(),
    ) {
        std::env::set_var(CPU_PAINTING, "1");
    }
}

#[cfg(test)]
mod tests {
    use super::paint_on_the_cpu;

    #[test]
    fn a_render_node_means_opengl_and_its_absence_cpu_painting() {
        let dri = tempfile::tempdir().expect("a folder");
        assert!(paint_on_the_cpu(dri.path(), false, None), "empty folder");
        assert!(
            paint_on_the_cpu(&dri.path().join("missing"), false, None),
            "no /dev/dri at all"
        );
        // A display-only device (card0) does not render.
        std::fs::write(dri.path().join("card0"), "").expect("card0");
        assert!(paint_on_the_cpu(dri.path(), false, None), "card0 only");
        // A render node this user cannot open (here: not a file) is none.
        std::fs::create_dir(dri.path().join("renderD129")).expect("renderD129");
        assert!(paint_on_the_cpu(dri.path(), false, None), "unusable node");
        std::fs::write(dri.path().join("renderD128"), "").expect("renderD128");
        assert!(!paint_on_the_cpu(dri.path(), false, None), "a render node");
        for off in ["0", "false", "No", "n", "F", ""] {
            assert!(
                !paint_on_the_cpu(dri.path(), false, Some(off)),
                "software GL switched off by {off:?}"
            );
        }
        for on in ["1", "true", "yes"] {
            assert!(
                paint_on_the_cpu(dri.path(), false, Some(on)),
                "software GL asked for by {on:?}, GPU or not"
            );
        }
    }

    #[test]
    fn the_users_own_setting_is_never_overridden() {
        let dri = tempfile::tempdir().expect("a folder");
        assert!(!paint_on_the_cpu(dri.path(), true, None));
        assert!(!paint_on_the_cpu(dri.path(), true, Some("1")));
    }
}
