using PrivateDomain.Realtime.LoadTests.Harness;
using PrivateDomain.Realtime.LoadTests.Peers;
using PrivateDomain.Realtime.LoadTests.Scenarios;

if (args is [PlainSignalRPeer.Command, var port])
{
    return await PlainSignalRPeer.ServeAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture));
}

IScenario[] scenarios = [new StorePageScenario(), new FlashSaleScenario(), new CheckoutScenario(), new LiveRoomsScenario(), new ScoreboardsScenario(), new HostSalesScenario(), new HostCustomersScenario(), new RoomSaleScenario(), new CouponDropScenario()];

var usage = $"{LoadOptions.Usage}\nscenarios:\n" + string.Join('\n', scenarios.Select(s => $"  {s.Name,-14} {s.Description}"));
if (args is ["--help" or "-h" or "help"])
{
    Console.WriteLine(usage);
    return 0;
}

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"{ex.Message}\n\n{usage}");
    return 2;
}

var scenario = scenarios.FirstOrDefault(s => s.Name == options.Scenario);
if (scenario is null)
{
    Console.Error.WriteLine($"unknown scenario '{options.Scenario}'; known: {string.Join(", ", scenarios.Select(s => s.Name))}");
    return 2;
}

if (options.Target is not null && !scenario.CanTarget)
{
    Console.Error.WriteLine($"{scenario.Name} measures an Edge it starts itself and cannot use --target; scenarios that can: " +
        string.Join(", ", scenarios.Where(s => s.CanTarget).Select(s => s.Name)));
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var report = new Report(scenario.Name, options);
Console.WriteLine($"{scenario.Name}: {scenario.Description}\nmachine: {report.Machine}");
await scenario.RunAsync(options, report, cancel.Token);
await report.WriteAsync();
return report.Passed ? 0 : 1;
