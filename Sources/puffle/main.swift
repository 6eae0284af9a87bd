import Foundation
import PuffleCLI

exit(await PuffleMain.run(Array(CommandLine.arguments.dropFirst())))
