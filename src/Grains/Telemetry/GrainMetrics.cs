using System.Diagnostics.Metrics;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Telemetry;

/// <summary>
/// What operations watch besides the logs: the grains' instruments on the meter <see cref="MeterName"/>, read with
/// <c>dotnet-counters</c> or exported over OTLP (docs/operations.md). Tagged by outcome, never by store, SKU, room or
/// user, so the number of series stays the same however large the brand grows.
/// </summary>
public sealed class GrainMetrics
{
    public const string MeterName = "PrivateDomain.Realtime";

    private readonly Counter<long> _reservations;
    private readonly Histogram<int> _ledgerBatchLines;
    private readonly Histogram<double> _ledgerWriteSeconds;
    private readonly Counter<long> _orders;
    private readonly Counter<long> _paidAmount;
    private readonly Counter<long> _comments;
    private readonly Counter<long> _roomBatches;
    private readonly Histogram<double> _scoreFlushSeconds;

    public GrainMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _reservations = meter.CreateCounter<long>("realtime.inventory.reservations", "{reservation}",
            "Reservation requests answered by the pools, by outcome: reserved, or the refusal's code.");
        _ledgerBatchLines = meter.CreateHistogram<int>("realtime.inventory.ledger.batch", "{line}",
            "Ledger lines per group commit: how many requests of the moment shared one write.");
        _ledgerWriteSeconds = meter.CreateHistogram<double>("realtime.inventory.ledger.write.duration", "s",
            "Time to append one group commit to the stock ledger.");
        _orders = meter.CreateCounter<long>("realtime.orders", "{order}",
            "Orders entering each status: reserved (placed), paid, fulfilled, cancelled, expired.");
        _paidAmount = meter.CreateCounter<long>("realtime.orders.paid_amount", "{fen}",
            "Amount of the orders paid, in fen: GMV as it comes in.");
        _comments = meter.CreateCounter<long>("realtime.live.comments", "{comment}",
            "Live-room comments by outcome: accepted, or the refusal's code (too-fast, muted, banned-word, ...).");
        _roomBatches = meter.CreateCounter<long>("realtime.live.batches", "{batch}",
            "Batches live rooms sent, one per Edge with viewers per tick.");
        _scoreFlushSeconds = meter.CreateHistogram<double>("realtime.scores.flush.duration", "s",
            "Time for a silo's score aggregator to bring one flush to the leaderboards and PKs.");
    }

    public void Reserved() => _reservations.Add(1, Outcome("reserved"));

    public void ReservationRefused(string code) => _reservations.Add(1, Outcome(code));

    public void LedgerWritten(int lines, TimeSpan took)
    {
        _ledgerBatchLines.Record(lines);
        _ledgerWriteSeconds.Record(took.TotalSeconds);
    }

    /// <summary>An order entered <paramref name="order"/>'s status (a paid one also adds its total to the GMV).</summary>
    public void OrderEntered(Order order)
    {
        var status = order.Status switch
        {
            OrderStatus.Reserved => "reserved",
            OrderStatus.Paid => "paid",
            OrderStatus.Fulfilled => "fulfilled",
            OrderStatus.Cancelled => "cancelled",
            _ => "expired",
        };
        _orders.Add(1, new KeyValuePair<string, object?>("status", status));
        if (order.Status == OrderStatus.Paid)
        {
            _paidAmount.Add(order.Total);
        }
    }

    public void CommentAccepted() => _comments.Add(1, Outcome("accepted"));

    public void CommentRefused(string code) => _comments.Add(1, Outcome(code));

    public void RoomBatchesSent(int edges) => _roomBatches.Add(edges);

    public void ScoresFlushed(TimeSpan took) => _scoreFlushSeconds.Record(took.TotalSeconds);

    private static KeyValuePair<string, object?> Outcome(string outcome) => new("outcome", outcome);
}
