import Foundation

/// Opens a file a command writes its output to.
///
/// An existing path is opened and emptied in place, never replaced: a symbolic link keeps pointing where
/// it did, and a device such as /dev/null stays a device (creating the file anew would have replaced it
/// with a regular file). A missing path is created.
enum OutputFile {
    static func open(_ path: String) throws -> FileHandle {
        #if canImport(Glibc)
            let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        #else
            let descriptor = Darwin.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        #endif
        guard descriptor >= 0 else {
            throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }
}
