import Testing
@testable import Bargaining
