/// A mutual-exclusion lock for async code that hands the lock to waiters in arrival order.
///
/// An actor alone does not serialise work that suspends (actors are re-entrant across `await`); this lock is
/// held across suspension points, so a whole SQLite transaction runs while it is held.
actor AsyncFIFOLock {
    private var isLocked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var head = 0

    /// Waits until the lock is free and takes it.
    func lock() async {
        if !isLocked {
            isLocked = true
            return
        }
        await withCheckedContinuation { continuation in
            waiters.append(continuation)
        }
    }

    /// Releases the lock, handing it to the longest waiter if there is one.
    func unlock() {
        if head < waiters.count {
            let next = waiters[head]
            head += 1
            if head > 64, head * 2 > waiters.count {
                waiters.removeFirst(head)
                head = 0
            }
            next.resume()
        } else {
            waiters.removeAll(keepingCapacity: true)
            head = 0
            isLocked = false
        }
    }
}

/// A fixed set of resources (SQLite reader connections) lent out one task at a time, in arrival order.
actor AsyncResourcePool<Resource: Sendable> {
    private var idle: [Resource]
    private var waiters: [CheckedContinuation<Resource, Never>] = []
    private var head = 0

    init(_ resources: [Resource]) {
        precondition(!resources.isEmpty, "a pool needs at least one resource")
        self.idle = resources
    }

    /// Takes an idle resource, waiting for one to be returned when all are lent out.
    func acquire() async -> Resource {
        if let resource = idle.popLast() { return resource }
        return await withCheckedContinuation { continuation in
            waiters.append(continuation)
        }
    }

    /// Returns a resource, handing it straight to the longest waiter if there is one.
    func release(_ resource: Resource) {
        if head < waiters.count {
            let next = waiters[head]
            head += 1
            if head > 64, head * 2 > waiters.count {
                waiters.removeFirst(head)
                head = 0
            }
            next.resume(returning: resource)
        } else {
            waiters.removeAll(keepingCapacity: true)
            head = 0
            idle.append(resource)
        }
    }
}
