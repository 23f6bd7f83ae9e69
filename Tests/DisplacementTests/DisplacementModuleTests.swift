import Testing
@testable import Displacement
