import Clibgit2

/// One-time libgit2 set-up; every GitKit entry point touches `Libgit2.ready` first.
enum Libgit2 {
    static let ready: Bool = {
        git_libgit2_init()
        return true
    }()
}
