using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Interest.Inference;

/// <summary>
/// The interest model, for serving and for training.
/// <list type="bullet">
/// <item>Input of event t: x_t = item_emb[item_t] + type_emb[type_t] (item 0 is padding: a zero row, never recommended).</item>
/// <item>Short-term: one LSTM layer E→H over x_t, state (h, c).</item>
/// <item>Long-term: u_t = (1 − a)·u_{t−1} + a·item_emb[item_t] with a = sigmoid(rate_logit[type_t]); u_0 = 0.</item>
/// <item>Combination: g = sigmoid(W_g[h; u] + b_g), z = g ⊙ (W_h h) + (1 − g) ⊙ u.</item>
/// <item>Scores: z · item_embᵀ + item_bias (the item embedding is tied to the output layer).</item>
/// </list>
/// The online path (<see cref="Step"/>) and the whole-sequence path (<see cref="RunSequence"/>) compute the same values.
/// Index tensors (items, event types, lengths) are int64. The model is not thread-safe; serialise its use.
/// </summary>
public sealed class InterestModel : nn.Module
{
    public const int EventTypeCount = 4;
    public const int PaddingItem = 0;

    /// <summary>Long-term update rate logits at initialisation, per event type (View, Click, Cart, Purchase):
    /// stronger signals move the long-term interest further.</summary>
    private static readonly float[] InitialRateLogits = [-2.5f, -2.0f, -1.5f, -1.0f];

    private const double InitialEmbeddingStd = 0.1;

    [ComponentName(Name = "item_embedding")]
    private readonly Embedding _itemEmbedding;

    [ComponentName(Name = "event_type_embedding")]
    private readonly Embedding _eventTypeEmbedding;

    [ComponentName(Name = "short_term")]
    private readonly LSTM _shortTerm;

    [ComponentName(Name = "interest_gate")]
    private readonly Linear _interestGate;

    [ComponentName(Name = "hidden_projection")]
    private readonly Linear _hiddenProjection;

    // Not readonly: Module.to() replaces parameter fields with moved copies.
    [ComponentName(Name = "long_term_rate_logits")]
    private Parameter _longTermRateLogits;

    [ComponentName(Name = "item_bias")]
    private Parameter _itemBias;

    /// <param name="itemCount">Real items; ids 1..itemCount, id 0 is padding.</param>
    /// <param name="embeddingSize">E: item embeddings and the long-term vector.</param>
    /// <param name="hiddenSize">H: the LSTM state.</param>
    /// <param name="seed">Seed of the initial weights; the same seed gives the same model on any thread.</param>
    /// <param name="device">Where the parameters live; the CPU when null.</param>
    public InterestModel(int itemCount, int embeddingSize, int hiddenSize, long seed = 0, Device? device = null)
        : base(nameof(InterestModel))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(itemCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(embeddingSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        ItemCount = itemCount;
        EmbeddingSize = embeddingSize;
        HiddenSize = hiddenSize;

        _itemEmbedding = nn.Embedding(itemCount + 1, embeddingSize, padding_idx: PaddingItem);
        _eventTypeEmbedding = nn.Embedding(EventTypeCount, embeddingSize);
        _shortTerm = nn.LSTM(embeddingSize, hiddenSize, numLayers: 1, batchFirst: true);
        _interestGate = nn.Linear(hiddenSize + embeddingSize, embeddingSize, hasBias: true);
        _hiddenProjection = nn.Linear(hiddenSize, embeddingSize, hasBias: false);
        _longTermRateLogits = new Parameter(zeros(EventTypeCount), requires_grad: true);
        _itemBias = new Parameter(zeros(itemCount + 1), requires_grad: true);
        RegisterComponents();

        Initialise(seed);
        if (device is not null) MoveTo(device);
        else KeepParametersOutOfDisposeScopes();
    }

    public int ItemCount { get; }
    public int EmbeddingSize { get; }
    public int HiddenSize { get; }

    /// <summary>Where the parameters live.</summary>
    public Device Device => _itemBias.device;

    /// <summary>
    /// Dropout rate on the LSTM input and on the LSTM output before the combination, applied by <see cref="RunSequence"/>
    /// only while the module is in training mode (<c>train()</c>). A training-time setting: 0 unless a trainer sets it,
    /// not stored in the model file, and never applied in <c>eval()</c> mode, so served scores are unaffected.
    /// </summary>
    public double TrainingDropout
    {
        get => _trainingDropout;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 0.0);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(value, 1.0);
            _trainingDropout = value;
        }
    }

    private double _trainingDropout;

    /// <summary>The item embedding table <c>[ItemCount + 1, E]</c> (row 0 is padding). Do not modify it.</summary>
    public Tensor ItemEmbeddings => _itemEmbedding.weight!;

    /// <summary>Moves the parameters to <paramref name="device"/> (no-op when they are there already).</summary>
    public InterestModel MoveTo(Device device)
    {
        if (device.type != Device.type || (device.type == DeviceType.CUDA && device.index != Device.index)) this.to(device);
        KeepParametersOutOfDisposeScopes();
        return this;
    }

    /// <summary>A new user's state for <paramref name="batchSize"/> users: all zeros.</summary>
    public InterestState InitialState(long batchSize) => new(
        zeros(batchSize, HiddenSize, device: Device),
        zeros(batchSize, HiddenSize, device: Device),
        zeros(batchSize, EmbeddingSize, device: Device));

    /// <summary>
    /// One event for each of B users: <paramref name="items"/> and <paramref name="eventTypes"/> are <c>[B]</c>.
    /// Where <paramref name="active"/> (bool <c>[B]</c>) is false the user's state is returned unchanged.
    /// </summary>
    public InterestState Step(InterestState state, Tensor items, Tensor eventTypes, Tensor? active = null)
    {
        using var scope = NewDisposeScope();
        var itemVectors = _itemEmbedding.call(items);
        var input = itemVectors.add(_eventTypeEmbedding.call(eventTypes), TorchScalars.One);
        var (hidden, cell) = LstmCell(input, state.Hidden, state.Cell);
        var rate = LongTermRate(eventTypes);
        if (active is not null)
        {
            var keep = active.unsqueeze(1);
            hidden = where(keep, hidden, state.Hidden);
            cell = where(keep, cell, state.Cell);
            rate = rate * keep.to_type(rate.dtype);
        }
        var longTerm = UpdateLongTerm(state.LongTerm, itemVectors, rate);
        return new InterestState(hidden, cell, longTerm).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One LSTM step written out over the layer's own weights (gates i, f, g, o as in torch's LSTM). Calling the LSTM
    /// module with a one-position sequence takes another libtorch kernel, which on some CPUs (AVX-512 hosts, hidden
    /// sizes of 16 and below) returns a different state than the whole-sequence call: serving and training would
    /// then disagree.
    /// </summary>
    private (Tensor Hidden, Tensor Cell) LstmCell(Tensor input, Tensor hidden, Tensor cell)
    {
        using var scope = NewDisposeScope();
        var gates = nn.functional.linear(input, LstmParameter("weight_ih_l0"), LstmParameter("bias_ih_l0"))
            .add(nn.functional.linear(hidden, LstmParameter("weight_hh_l0"), LstmParameter("bias_hh_l0")), TorchScalars.One);
        var parts = gates.chunk(4, 1);
        var nextCell = (parts[1].sigmoid() * cell).add(parts[0].sigmoid() * parts[2].tanh(), TorchScalars.One);
        var nextHidden = parts[3].sigmoid() * nextCell.tanh();
        return (nextHidden.MoveToOuterDisposeScope(), nextCell.MoveToOuterDisposeScope());
    }

    private Tensor LstmParameter(string name) =>
        _shortTerm.get_parameter(name) ?? throw new InvalidOperationException($"The LSTM layer has no parameter '{name}'.");

    /// <summary>
    /// Runs B users' event sequences at once (one LSTM call). <paramref name="items"/> and <paramref name="eventTypes"/>
    /// are <c>[B, T]</c>, left-aligned; <paramref name="lengths"/> (<c>[B]</c>, each 1..T) gives each user's real events,
    /// all T when null. <paramref name="initial"/> is the state before the first event, zeros when null.
    /// Differentiable: next-item logits at every position are <c>ScoreCombined(run.Combined)</c>.
    /// </summary>
    public SequenceRun RunSequence(Tensor items, Tensor eventTypes, Tensor? lengths = null, InterestState? initial = null)
    {
        if (items.dim() != 2) throw new ArgumentException($"Items must be [B, T]; got {items.dim()} dimensions.", nameof(items));
        if (!items.shape.SequenceEqual(eventTypes.shape))
        {
            throw new ArgumentException("Items and event types must have the same shape.", nameof(eventTypes));
        }
        long batchSize = items.shape[0];
        long steps = items.shape[1];
        if (batchSize == 0 || steps == 0) throw new ArgumentException("RunSequence needs at least one user and one position.", nameof(items));

        using var scope = NewDisposeScope();
        using var allSteps = steps.ToScalar();
        var cpuLengths = lengths is null ? full(batchSize, allSteps, dtype: ScalarType.Int64) : lengths.to(ScalarType.Int64).cpu();
        if (cpuLengths.shape.Length != 1 || cpuLengths.shape[0] != batchSize)
        {
            throw new ArgumentException($"Lengths must be [B] = [{batchSize}].", nameof(lengths));
        }
        if (cpuLengths.min().ToInt64() < 1 || cpuLengths.max().ToInt64() > steps)
        {
            throw new ArgumentException($"Every length must be between 1 and T = {steps}.", nameof(lengths));
        }

        var itemVectors = _itemEmbedding.call(items);
        var input = DropoutWhileTraining(itemVectors.add(_eventTypeEmbedding.call(eventTypes), TorchScalars.One));
        (Tensor, Tensor)? initialShortTerm = initial is { } start ? (start.Hidden.unsqueeze(0), start.Cell.unsqueeze(0)) : null;

        // Packing makes the LSTM stop at each user's own length, so the returned (h, c) are those after the last real event.
        using var packed = nn.utils.rnn.pack_padded_sequence(input, cpuLengths, batch_first: true, enforce_sorted: false);
        var (packedOutput, finalHidden, finalCell) = _shortTerm.call(packed, initialShortTerm);
        Tensor hiddenPerPosition;
        using (packedOutput)
        {
            (hiddenPerPosition, _) = nn.utils.rnn.pad_packed_sequence(packedOutput, batch_first: true, total_length: steps);
        }

        // A rate of 0 at padded positions keeps u unchanged, so u after position T−1 is u after the last real event.
        var realPosition = arange(steps, device: items.device).unsqueeze(0) < cpuLengths.to(items.device).unsqueeze(1);
        var rates = LongTermRate(eventTypes) * realPosition.unsqueeze(2).to_type(ScalarType.Float32);
        var longTerm = initial?.LongTerm ?? zeros(batchSize, EmbeddingSize, device: items.device);
        var longTermPerPosition = new Tensor[steps];
        for (long t = 0; t < steps; t++)
        {
            longTerm = UpdateLongTerm(longTerm, itemVectors.select(1, t), rates.select(1, t));
            longTermPerPosition[t] = longTerm;
        }
        var longTermSequence = stack(longTermPerPosition, 1);
        var combined = Combine(DropoutWhileTraining(hiddenPerPosition), longTermSequence);

        var final = new InterestState(finalHidden.squeeze(0), finalCell.squeeze(0), longTerm);
        return new SequenceRun(
            hiddenPerPosition.MoveToOuterDisposeScope(),
            longTermSequence.MoveToOuterDisposeScope(),
            combined.MoveToOuterDisposeScope(),
            final.MoveToOuterDisposeScope());
    }

    /// <summary>z = g ⊙ (W_h h) + (1 − g) ⊙ u with g = sigmoid(W_g[h; u] + b_g); any leading dimensions.</summary>
    public Tensor Combine(Tensor hidden, Tensor longTerm)
    {
        using var scope = NewDisposeScope();
        var gate = _interestGate.call(cat([hidden, longTerm], -1)).sigmoid();
        var complement = gate.neg().add_(TorchScalars.One, TorchScalars.One); // 1 − g
        var combined = (gate * _hiddenProjection.call(hidden)).add(complement * longTerm, TorchScalars.One);
        return combined.MoveToOuterDisposeScope();
    }

    /// <summary>Logits over all item ids <c>[..., ItemCount + 1]</c> for combined vectors z; column 0 is padding.</summary>
    public Tensor ScoreCombined(Tensor combined) => nn.functional.linear(combined, _itemEmbedding.weight!, _itemBias);

    /// <summary>Logits <c>[B, ItemCount + 1]</c> for users in state (h, u); column 0 is padding and must not be ranked.</summary>
    public Tensor Score(Tensor hidden, Tensor longTerm)
    {
        using var combined = Combine(hidden, longTerm);
        return ScoreCombined(combined);
    }

    /// <summary>What the short-term side alone favours: (W_h h) · item_embᵀ, without the item bias.</summary>
    public Tensor ShortTermScores(Tensor hidden)
    {
        using var projected = _hiddenProjection.call(hidden);
        return nn.functional.linear(projected, _itemEmbedding.weight!);
    }

    /// <summary>What the long-term side alone favours: u · item_embᵀ, without the item bias.</summary>
    public Tensor LongTermScores(Tensor longTerm) => nn.functional.linear(longTerm, _itemEmbedding.weight!);

    private Tensor DropoutWhileTraining(Tensor values) =>
        training && _trainingDropout > 0 ? nn.functional.dropout(values, _trainingDropout, training: true) : values;

    /// <summary>a = sigmoid(rate_logit[type]) with a trailing dimension of 1, for broadcasting over E.</summary>
    private Tensor LongTermRate(Tensor eventTypes)
    {
        using var logits = _longTermRateLogits.index_select(0, eventTypes.flatten());
        using var rates = logits.sigmoid();
        return rates.reshape([.. eventTypes.shape, 1]);
    }

    /// <summary>u' = (1 − a)·u + a·e, written as u + a·(e − u); both paths use this one expression.</summary>
    private static Tensor UpdateLongTerm(Tensor longTerm, Tensor itemVectors, Tensor rate)
    {
        using var difference = itemVectors - longTerm;
        using var step = rate * difference;
        return longTerm.add(step, TorchScalars.One);
    }

    // The parameters belong to the model, not to whatever dispose scope the caller happens to be in.
    private void KeepParametersOutOfDisposeScopes()
    {
        foreach (var parameter in parameters()) parameter.DetachFromDisposeScope();
    }

    private void Initialise(long seed)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator(unchecked((ulong)seed), CPU);

        Tensor Normal(long[] shape, double std) => randn(shape, generator: generator) * std;
        Tensor Uniform(long[] shape, double bound) => rand(shape, generator: generator) * (2 * bound) - bound;

        var itemWeights = Normal(_itemEmbedding.weight!.shape, InitialEmbeddingStd);
        itemWeights[PaddingItem].zero_();
        _itemEmbedding.weight!.copy_(itemWeights);
        _eventTypeEmbedding.weight!.copy_(Normal(_eventTypeEmbedding.weight!.shape, InitialEmbeddingStd));

        double lstmBound = 1.0 / Math.Sqrt(HiddenSize);
        foreach (var (_, parameter) in _shortTerm.named_parameters())
        {
            parameter.copy_(Uniform(parameter.shape, lstmBound));
        }
        double gateBound = 1.0 / Math.Sqrt(HiddenSize + EmbeddingSize);
        foreach (var (_, parameter) in _interestGate.named_parameters())
        {
            parameter.copy_(Uniform(parameter.shape, gateBound));
        }
        _hiddenProjection.weight!.copy_(Uniform(_hiddenProjection.weight!.shape, 1.0 / Math.Sqrt(HiddenSize)));
        _longTermRateLogits.copy_(tensor(InitialRateLogits));
        _itemBias.zero_();
    }
}
