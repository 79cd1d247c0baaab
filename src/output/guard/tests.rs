//! Which folder a build may replace, on real temporary folders: the archive, its
//! content and themes, the home folder and `/` never; a folder Scholia did not make
//! only with `--force`; links and `..` seen through.

use std::os::unix::fs::symlink;

use super::*;

/// A temporary folder holding an archive in `archive/` (site.toml, content/, themes/).
struct Setup {
    tmp: tempfile::TempDir,
}

impl Setup {
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("archive");
        std::fs::create_dir_all(root.join("content/documents")).unwrap();
        std::fs::create_dir_all(root.join("themes/default")).unwrap();
        std::fs::write(root.join("site.toml"), "title = \"x\"\n").unwrap();
        Setup { tmp }
    }

    fn top(&self) -> PathBuf {
        // Resolved, as the rules compare resolved paths (the temporary folder may be
        // below a link).
        std::fs::canonicalize(self.tmp.path()).unwrap()
    }

    fn root(&self) -> PathBuf {
        self.top().join("archive")
    }

    fn check(&self, out: &Path, force: bool) -> Result<Target, Error> {
        check_target(&self.root(), out, force, None)
    }

    /// The message of the refusal, with and without `--force` when `always`.
    fn refused(&self, out: &Path, always: bool) -> String {
        let err = self.check(out, false).unwrap_err().to_string();
        if always {
            let forced = self.check(out, true).unwrap_err().to_string();
            assert_eq!(forced, err, "{}", out.display());
        }
        err
    }
}

fn touch(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, "x").unwrap();
}

#[test]
fn a_new_an_empty_or_a_marked_folder_is_accepted() {
    let s = Setup::new();
    let new = s.top().join("site/public");
    assert_eq!(s.check(&new, false).unwrap().path(), new);
    let empty = s.top().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_eq!(s.check(&empty, false).unwrap().path(), empty);
    let ours = s.top().join("ours");
    touch(&ours.join("index.html"));
    touch(&ours.join(MARKER));
    assert_eq!(s.check(&ours, false).unwrap().path(), ours);
    // The default output folder below the root is fine.
    assert!(s.check(&s.root().join("public"), false).is_ok());
}

#[test]
fn a_folder_scholia_did_not_make_needs_force() {
    let s = Setup::new();
    let victim = s.top().join("victim");
    touch(&victim.join("keep.txt"));
    let err = s.check(&victim, false).unwrap_err().to_string();
    assert!(err.contains(&victim.display().to_string()), "{err}");
    assert!(err.contains("is not a folder Scholia made"), "{err}");
    assert!(err.contains("\n  help: "), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert!(s.check(&victim, true).is_ok());
    // A marker must be a file: a folder of that name does not count.
    let fake = s.top().join("fake");
    std::fs::create_dir_all(fake.join(MARKER)).unwrap();
    assert!(s.check(&fake, false).is_err());
}

#[test]
fn the_root_of_the_file_system_is_never_replaced() {
    let s = Setup::new();
    let err = s.refused(Path::new("/"), true);
    assert!(err.contains("root of the file system"), "{err}");
    // Nor by a path that lands there.
    let err = s.refused(&s.top().join("../../../../../../../../.."), true);
    assert!(err.contains("root of the file system"), "{err}");
}

#[test]
fn the_home_folder_and_what_holds_it_are_never_replaced() {
    let s = Setup::new();
    let home = s.top().join("home/someone");
    touch(&home.join("notes.txt"));
    for (out, reason) in [
        (home.clone(), "it is your home folder"),
        (s.top().join("home"), "it holds your home folder"),
    ] {
        for force in [false, true] {
            let err = check_target(&s.root(), &out, force, Some(&home))
                .unwrap_err()
                .to_string();
            assert!(err.contains(reason), "{err}");
        }
    }
    // A folder inside the home folder is an ordinary folder.
    let site = home.join("site");
    assert!(check_target(&s.root(), &site, false, Some(&home)).is_ok());
}

#[test]
fn the_archive_and_every_folder_holding_it_are_never_replaced() {
    let s = Setup::new();
    let err = s.refused(&s.root(), true);
    assert!(err.contains("it is the archive itself"), "{err}");
    for above in [s.top(), s.top().parent().unwrap().to_path_buf()] {
        let err = s.refused(&above, true);
        assert!(err.contains("it holds the archive"), "{err}");
    }
}

#[test]
fn content_and_themes_are_never_replaced_nor_anything_inside_them() {
    let s = Setup::new();
    let root = s.root();
    for (out, reason) in [
        (root.join("content"), "it is the archive's content/ folder"),
        (
            root.join("content/documents"),
            "inside the archive's content/",
        ),
        (
            root.join("content/new/site"),
            "inside the archive's content/",
        ),
        (root.join("themes"), "it is the archive's themes/ folder"),
        (root.join("themes/default"), "inside the archive's themes/"),
    ] {
        let err = s.refused(&out, true);
        assert!(err.contains("refusing to replace"), "{err}");
        assert!(err.contains(reason), "{}: {err}", out.display());
    }
}

#[test]
fn a_content_folder_linked_from_elsewhere_is_protected_where_it_is() {
    let s = Setup::new();
    let real = s.top().join("elsewhere/content");
    std::fs::create_dir_all(&real).unwrap();
    std::fs::remove_dir_all(s.root().join("content")).unwrap();
    symlink(&real, s.root().join("content")).unwrap();
    for out in [real.clone(), real.join("x"), s.top().join("elsewhere")] {
        let err = s.refused(&out, true);
        assert!(err.contains("content/ folder"), "{}: {err}", out.display());
    }
}

#[test]
fn dot_dot_and_linked_parents_are_followed_to_where_they_land() {
    let s = Setup::new();
    // `missing/..` is the root once `missing` is created: the old guard missed it.
    let sneaky = s.root().join("missing/../content");
    let err = s.refused(&sneaky, true);
    assert!(err.contains("content/ folder"), "{err}");
    assert!(err.contains(&s.root().join("content").display().to_string()));
    // A link above the output folder is resolved.
    let link = s.top().join("link");
    symlink(s.root(), &link).unwrap();
    let err = s.refused(&link.join("content"), true);
    assert!(err.contains("content/ folder"), "{err}");
    let public = s.check(&link.join("public"), false).unwrap();
    assert_eq!(public.path(), s.root().join("public"));
    assert_eq!(
        locate(&s.root().join("a/b/../../public")).unwrap(),
        s.root().join("public")
    );
}

#[test]
fn a_linked_output_folder_is_refused_whatever_it_points_to() {
    let s = Setup::new();
    let empty = s.top().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for target in [s.root(), empty] {
        let link = s.top().join("out-link");
        let _ = std::fs::remove_file(&link);
        symlink(&target, &link).unwrap();
        let err = s.refused(&link, true);
        assert!(err.contains("symbolic link"), "{err}");
        assert!(err.contains(&target.display().to_string()), "{err}");
        assert!(err.contains("\n  help: "), "{err}");
    }
}

#[test]
fn files_and_other_archives_are_never_replaced() {
    let s = Setup::new();
    let file = s.top().join("file.txt");
    touch(&file);
    let err = s.refused(&file, true);
    assert!(err.contains("it is a file"), "{err}");
    let err = s.refused(&file.join("public"), true);
    assert!(err.contains("is a file, not a folder"), "{err}");
    let other = s.top().join("other");
    touch(&other.join("site.toml"));
    let err = s.refused(&other, true);
    assert!(err.contains("another archive"), "{err}");
}
