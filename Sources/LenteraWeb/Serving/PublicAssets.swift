import Foundation
import NIOCore

/// The files of `public/`, held in memory and addressed by versioned URLs (`/aset/<digest>/style.css`).
struct PublicAssets: Sendable {
    /// Assets by path relative to `public/`.
    var files: [String: FileEntry]
    /// The first characters of each in-memory asset's digest, by path.
    var versions: [String: String]

    static let prefix = "/aset"

    /// Reads every file under a directory; hidden files and symlinks leaving it are skipped.
    init(directory: String) {
        files = [:]
        versions = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: directory),
            let root = realpath(directory, nil).map({ pointer -> String in
                defer { free(pointer) }
                return String(cString: pointer)
            })
        else { return }
        while let relative = enumerator.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            guard let resolved = realpath(directory + "/" + relative, nil) else { continue }
            let real = String(cString: resolved)
            free(resolved)
            guard real.hasPrefix(root + "/"),
                let attributes = try? FileManager.default.attributesOfItem(atPath: real),
                attributes[.type] as? FileAttributeType == .typeRegular
            else { continue }
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            let modified = (attributes[.modificationDate] as? Date) ?? Date()
            let contentType = ContentTypes.forPath(relative)
            if size <= SiteBuilder.memoryFileLimit * 4, let data = FileManager.default.contents(atPath: real) {
                let resource = StaticResource(bytes: ByteBuffer(bytes: data), contentType: contentType, modified: modified, policy: .asset)
                files[relative] = .memory(resource)
                versions[relative] = String(resource.digest.prefix(12))
            } else {
                files[relative] = .disk(
                    DiskFile.make(
                        path: real, size: size, modified: modified.timeIntervalSince1970, contentType: contentType, policy: .asset
                    )
                )
                versions[relative] = "0"
            }
        }
    }

    /// The versioned URL of an asset.
    func url(_ path: String) -> String {
        "\(Self.prefix)/\(versions[path] ?? "0")/\(path)"
    }
}
