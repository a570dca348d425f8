import Foundation
import PackagePlugin

/// Writes `BuildInfo.swift` with the commit the binary is built from (`git describe`), for `lentera --version`.
/// Outside a git checkout (a source tarball) the commit is "unknown". The file is rewritten only when the commit
/// changes, so a build with nothing new compiles nothing.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildInfo")
        let file = output.appending(path: "BuildInfo.swift").path()
        let package = context.package.directoryURL.path()
        let script = """
            mkdir -p '\(output.path())'
            commit=$(git -C '\(package)' describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)
            next="enum BuildInfo { static let commit = \\"$commit\\" }"
            [ "$(cat '\(file)' 2>/dev/null)" = "$next" ] || printf '%s\\n' "$next" > '\(file)'
            """
        return [
            .prebuildCommand(
                displayName: "Record the commit for --version", executable: URL(filePath: "/bin/sh"), arguments: ["-c", script],
                outputFilesDirectory: output
            )
        ]
    }
}
