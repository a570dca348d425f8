import Foundation

/// Flushing what a folder switch wrote, shared by the mirror's versions and the courses' last good copies: a new
/// folder is on disk before the link or name that makes it current.
public enum DurableFiles {
    /// Flushes a directory's entries (new names, renames) to disk.
    public static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// Flushes every directory of a staged folder (its files were flushed as they were written).
    public static func syncDirectories(under root: String) {
        var directories = [root]
        if let enumerator = FileManager.default.enumerator(atPath: root) {
            while let relative = enumerator.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory), isDirectory.boolValue {
                    directories.append(root + "/" + relative)
                }
            }
        }
        directories.forEach(syncDirectory)
    }
}
