#include "gateway/event_writer.hpp"

#include <nlohmann/json.hpp>

#include "store/errors.hpp"

namespace casetrail::gateway {

namespace {
constexpr std::chrono::milliseconds kFirstRetry{200};
constexpr std::chrono::milliseconds kMaxRetry{5000};
}  // namespace

EventWriter::EventWriter(store::EventStore& store, WriterSettings settings, support::Logger log)
    : store_(store), settings_(settings), log_(std::move(log)) {}

EventWriter::~EventWriter() {
    if (thread_.joinable()) stop(std::chrono::milliseconds(0));
}

void EventWriter::start() { thread_ = std::thread([this] { run(); }); }

void EventWriter::enqueue(std::vector<store::EventRow> events) {
    if (events.empty()) return;
    {
        std::lock_guard lock(mutex_);
        for (auto& e : events) queue_.push_back(std::move(e));
    }
    cv_.notify_one();
}

std::size_t EventWriter::queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

std::uint64_t EventWriter::written() const {
    std::lock_guard lock(mutex_);
    return written_;
}

void EventWriter::stop(std::chrono::milliseconds deadline) {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        stop_deadline_ = std::chrono::steady_clock::now() + deadline;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void EventWriter::run() {
    std::chrono::milliseconds retry{0};
    bool outage_logged = false;
    std::unique_lock lock(mutex_);
    while (true) {
        // Wait for a full batch, or for the first queued event to be flush_interval old.
        cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (!stopping_ && queue_.size() < settings_.batch_size) {
            cv_.wait_for(lock, settings_.flush_interval,
                         [&] { return stopping_ || queue_.size() >= settings_.batch_size; });
        }
        if (queue_.empty()) {
            if (stopping_) return;
            continue;
        }
        const std::size_t n = std::min(queue_.size(), settings_.batch_size);
        std::vector<store::EventRow> batch(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
        lock.unlock();
        bool ok = false;
        try {
            store_.write_batch(batch);
            ok = true;
        } catch (const store::StoreUnavailable& e) {
            if (!outage_logged) log_.warn("database unavailable; keeping events", {{"error", e.what()}});
            outage_logged = true;
        } catch (const std::exception& e) {
            // Not a link problem: keep the batch and say so loudly; retrying never loses it.
            log_.error("event batch rejected by the database", {{"error", e.what()}, {"events", batch.size()}});
        }
        lock.lock();
        if (ok) {
            queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
            written_ += n;
            if (outage_logged) log_.info("database reachable again", {{"queued", queue_.size()}});
            outage_logged = false;
            retry = std::chrono::milliseconds(0);
            continue;
        }
        if (stopping_ && std::chrono::steady_clock::now() >= stop_deadline_) {
            log_.error("stopping with events not written", {{"events", queue_.size()}});
            return;
        }
        retry = retry.count() == 0 ? kFirstRetry : std::min(retry * 2, kMaxRetry);
        cv_.wait_for(lock, retry, [&] { return stopping_ && std::chrono::steady_clock::now() >= stop_deadline_; });
    }
}

}  // namespace casetrail::gateway
