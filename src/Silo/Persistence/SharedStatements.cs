namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>
/// Appends of many grains to one table that share statements: those that arrive while the statements in flight run
/// go together in the next one, so a silo's commits grow with time, not with its grains' appends (each grain already
/// gathers its own into one append, its group commit; this gathers across grains). The write stores a statement's
/// appends and answers each of them, with what it stored or with the failure, which all of them hear: nothing of it,
/// or all of it, may have landed.
/// </summary>
/// <param name="write">Stores the appends in one statement and answers each; it does not throw.</param>
/// <param name="inFlight">Statements at once, so that one slow commit does not hold every grain of the silo behind it.</param>
/// <param name="take">Which of the waiting appends the next statement takes (all of them unless told), and which wait on.</param>
internal sealed class SharedStatements<TAppend>(
    Func<List<TAppend>, Task> write, int inFlight, Func<List<TAppend>, (List<TAppend> Taken, List<TAppend> Left)>? take = null)
{
    private readonly Lock _lock = new();
    private List<TAppend> _pending = [];
    private int _writers;

    public void Add(TAppend append)
    {
        lock (_lock)
        {
            _pending.Add(append);
            if (_writers < inFlight)
            {
                _writers++;

                // Off the calling grain's scheduler: the statements belong to no grain.
                _ = Task.Run(WriteWhilePending);
            }
        }
    }

    private async Task WriteWhilePending()
    {
        while (true)
        {
            List<TAppend> statement;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    _writers--;
                    return;
                }

                (statement, _pending) = take is null ? (_pending, []) : take(_pending);
            }

            await write(statement);
        }
    }
}
