# Seedcast node: a single image runs a validator, a full node or the devnet.
#   docker build -t seedcast .
#   docker run -p 26657:26657 -p 26656:26656 -v seedcast-home:/home/seedcast/.seedcast seedcast
FROM node:20-bookworm-slim

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY bin ./bin
COPY src ./src
COPY proto ./proto
COPY genesis ./genesis
COPY tsconfig.json ./

RUN useradd --create-home --uid 10001 seedcast && mkdir -p /home/seedcast/.seedcast && chown -R seedcast /home/seedcast
USER seedcast
ENV SEEDCAST_HOME=/home/seedcast/.seedcast
VOLUME ["/home/seedcast/.seedcast"]

# 26657: CometBFT-style JSON-RPC and WebSocket; 26656: p2p.
EXPOSE 26657 26656
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "--initial-old-space-size=64", "bin/seedcast"]
CMD ["start", "--devnet", "--rpc.laddr", "tcp://0.0.0.0:26657", "--p2p.laddr", "tcp://0.0.0.0:26656"]
