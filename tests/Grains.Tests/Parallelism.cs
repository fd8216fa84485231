// Four test collections at a time, on two cores: most of these tests wait (on grain timers, storage, a fake clock's
// steps) rather than compute, and at xUnit's default of one collection per core the three longest collections ran one
// after another (137 s for the project; 90 s with four).
[assembly: Xunit.v3.Parallelization(MaxThreads = 4)]
