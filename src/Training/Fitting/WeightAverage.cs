using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Interest.Training.Fitting;

/// <summary>
/// An exponential moving average of a module's parameters over optimizer steps (Polyak averaging): evaluated and served
/// in place of the last step's weights, it smooths out the noise of the final steps. The decay ramps up as
/// min(decay, (1 + t) / (10 + t)) so that the first steps' weights do not linger in the average.
/// </summary>
internal sealed class WeightAverage : IDisposable
{
    private readonly Parameter[] parameters;
    private readonly Tensor[] averages;
    private readonly double decay;
    private long steps;

    public WeightAverage(nn.Module module, double decay)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (decay is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(decay), decay, "The decay must be in (0, 1).");
        this.decay = decay;
        using var noGrad = no_grad();
        parameters = module.parameters().ToArray();
        averages = parameters.Select(parameter => parameter.detach().clone().DetachFromDisposeScope()).ToArray();
    }

    /// <summary>Folds the parameters' current values in; call after each optimizer step.</summary>
    public void Update()
    {
        steps++;
        double rate = Math.Min(decay, (1.0 + steps) / (10.0 + steps));
        using var noGrad = no_grad();
        using var keep = rate.ToScalar();
        using var take = (1 - rate).ToScalar();
        for (int i = 0; i < parameters.Length; i++) averages[i].mul_(keep).add_(parameters[i], take);
    }

    /// <summary>
    /// Exchanges the module's parameters with the average: the module then holds the average, and a second call gives
    /// it its own weights back. No <see cref="Update"/> may run between the two.
    /// </summary>
    public void Swap()
    {
        using var noGrad = no_grad();
        for (int i = 0; i < parameters.Length; i++)
        {
            using var live = parameters[i].detach().clone();
            parameters[i].copy_(averages[i]);
            averages[i].copy_(live);
        }
    }

    public void Dispose()
    {
        foreach (var average in averages) average.Dispose();
    }
}
